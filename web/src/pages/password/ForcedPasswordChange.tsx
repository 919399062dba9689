import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../api/me.js';
import { notifySuccess } from '../../components/notify.js';
import { AuthCard } from './AuthCard.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';

/**
 * What a signed-in person sees instead of the cabinet while a password change is required (expired after
 * PASSWORD_MAX_AGE_DAYS, temporary, or forced). When the change succeeds `me` reloads and the cabinet opens.
 */
export function ForcedPasswordChange() {
  const { t } = useTranslation('passwords');
  const signOut = useSignOut();
  return (
    <AuthCard title={t('forced.title')} text={t('forced.text')} testId="forced-password-change">
      <ChangePasswordForm onDone={() => notifySuccess(t('change.success'))} />
      <Group justify="center" mt="md">
        <Button variant="subtle" color="gray" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
          {t('forced.signOut')}
        </Button>
      </Group>
    </AuthCard>
  );
}
