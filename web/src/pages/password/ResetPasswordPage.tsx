import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompleteRecovery } from '../../api/passwords.js';
import { errorMessage } from '../../components/notify.js';
import { isApiError } from '../../lib/apiError.js';
import { AuthCard } from './AuthCard.js';
import { PolicyHints } from './PolicyHints.js';
import { tokenFromHash } from './tokenFromHash.js';

/** /reset-password#token=… (public): the page a recovery mail links to. */
export default function ResetPasswordPage() {
  const { t } = useTranslation('passwords');
  const [token] = useState(() => tokenFromHash());
  const complete = useCompleteRecovery();
  const [values, setValues] = useState({ new: '', repeat: '' });
  const [errors, setErrors] = useState<{ new?: string; repeat?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!values.new) found.new = t('errors:validation.required');
    if (values.repeat !== values.new) found.repeat = t('change.mismatch');
    setErrors(found);
    if (!token || Object.keys(found).length > 0) return;
    complete.mutate(
      { token, newPassword: values.new },
      {
        onError: (error) => {
          if (isApiError(error) && error.code.startsWith('password.')) setErrors({ new: error.message });
        },
      },
    );
  };

  if (complete.isSuccess) {
    return (
      <AuthCard title={t('reset.title')}>
        <Stack>
          <Alert color="teal" icon={<IconCircleCheck />} data-testid="reset-done">
            {t('reset.done')}
          </Alert>
          <Button component={Link} to="/sign-in" data-testid="reset-sign-in">
            {t('reset.signIn')}
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  // A used, expired or unknown link: say so, and offer the way to a new one.
  const linkFailed = !token || (isApiError(complete.error) && !complete.error.code.startsWith('password.'));
  return (
    <AuthCard title={t('reset.title')} testId="reset-password">
      <form onSubmit={submit} noValidate>
        <Stack>
          {linkFailed && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="reset-error">
              {token ? errorMessage(complete.error) : t('confirm.missing')}
            </Alert>
          )}
          {complete.isError && !isApiError(complete.error) && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert">
              {errorMessage(complete.error)}
            </Alert>
          )}
          <PasswordInput
            label={t('change.new')}
            autoComplete="new-password"
            value={values.new}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, new: value }));
            }}
            error={errors.new}
            disabled={!token}
            data-testid="reset-new"
            data-autofocus
            required
          />
          <PasswordInput
            label={t('change.repeat')}
            autoComplete="new-password"
            value={values.repeat}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, repeat: value }));
            }}
            error={errors.repeat}
            disabled={!token}
            data-testid="reset-repeat"
            required
          />
          <PolicyHints />
          <Button type="submit" loading={complete.isPending} disabled={!token} data-testid="reset-submit" fullWidth>
            {t('reset.submit')}
          </Button>
          {linkFailed && (
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('reset.again')}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthCard>
  );
}
