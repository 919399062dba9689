import { Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { notifySuccess } from '../../components/notify.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';

/** /account/password — a change by choice, from the profile. */
export default function ChangePasswordPage() {
  const { t } = useTranslation('passwords');
  const navigate = useNavigate();
  return (
    <Stack gap="lg" maw={480}>
      <Title order={2}>{t('change.title')}</Title>
      <Card withBorder radius="md" data-testid="change-password">
        <ChangePasswordForm
          onDone={() => {
            notifySuccess(t('change.success'));
            navigate('/profile');
          }}
        />
      </Card>
    </Stack>
  );
}
