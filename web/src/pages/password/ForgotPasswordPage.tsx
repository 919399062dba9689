import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePasswordPolicy, useRequestRecovery } from '../../api/passwords.js';
import { errorMessage } from '../../components/notify.js';
import { AuthCard } from './AuthCard.js';

/**
 * /forgot-password (public). The answer is the same whether or not the account exists or may recover by mail
 * (the server says nothing more), so the page says what may have happened and what to do otherwise.
 */
export default function ForgotPasswordPage() {
  const { t } = useTranslation('passwords');
  const request = useRequestRecovery();
  const outbox = usePasswordPolicy().data?.mailOutbox;
  const [login, setLogin] = useState('');
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!login.trim()) {
      setError(t('errors:validation.required'));
      return;
    }
    setError(undefined);
    request.mutate(login.trim());
  };

  return (
    <AuthCard title={t('forgot.title')} text={t('forgot.text')} testId="forgot-password">
      {request.isSuccess ? (
        <Stack>
          <Alert color="teal" icon={<IconMailCheck />} data-testid="forgot-sent">
            {t('forgot.sent')}
          </Alert>
          {outbox && (
            <Text size="sm" c="dimmed">
              {t('forgot.outbox')}
            </Text>
          )}
          <Text size="sm">{t('forgot.noEmail')}</Text>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {request.isError && (
              <Alert color="red" icon={<IconAlertCircle />} role="alert">
                {errorMessage(request.error)}
              </Alert>
            )}
            <TextInput
              label={t('forgot.login')}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              error={error}
              data-testid="forgot-login"
              data-autofocus
              required
            />
            <Button type="submit" loading={request.isPending} data-testid="forgot-submit" fullWidth>
              {t('forgot.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('forgot.noEmail')}
            </Text>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm" mt="md" display="block" data-testid="forgot-back">
        {t('forgot.back')}
      </Anchor>
    </AuthCard>
  );
}
