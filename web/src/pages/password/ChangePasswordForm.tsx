import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../../api/passwords.js';
import { errorMessage } from '../../components/notify.js';
import { isApiError } from '../../lib/apiError.js';
import { PolicyHints } from './PolicyHints.js';

type Field = 'current' | 'new' | 'repeat';

/**
 * Current password, new password, the new one again. The server's policy answer (too short, common, reused…)
 * lands under the field it is about; pasting and password managers work (ASVS 6.2.7).
 */
export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('passwords');
  const change = useChangePassword();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', new: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  // Read the value now: React's event is gone by the time a state updater runs.
  const set = (field: Field) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!values.current) found.current = t('errors:validation.required');
    if (!values.new) found.new = t('errors:validation.required');
    if (values.repeat !== values.new) found.repeat = t('change.mismatch');
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { currentPassword: values.current, newPassword: values.new },
      {
        onSuccess: onDone,
        onError: (error) => {
          if (isApiError(error) && error.code === 'password.currentWrong') setErrors({ current: error.message });
          else if (isApiError(error) && error.code.startsWith('password.')) setErrors({ new: error.message });
          else setFailure(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="password-error">
            {failure}
          </Alert>
        )}
        <PasswordInput
          label={t('change.current')}
          autoComplete="current-password"
          value={values.current}
          onChange={set('current')}
          error={errors.current}
          data-testid="password-current"
          required
        />
        <PasswordInput
          label={t('change.new')}
          autoComplete="new-password"
          value={values.new}
          onChange={set('new')}
          error={errors.new}
          data-testid="password-new"
          required
        />
        <PasswordInput
          label={t('change.repeat')}
          autoComplete="new-password"
          value={values.repeat}
          onChange={set('repeat')}
          error={errors.repeat}
          data-testid="password-repeat"
          required
        />
        <PolicyHints />
        <Text size="xs" c="dimmed">
          {t('change.otherSessions')}
        </Text>
        <Button type="submit" loading={change.isPending} data-testid="password-submit">
          {t('change.submit')}
        </Button>
      </Stack>
    </form>
  );
}
