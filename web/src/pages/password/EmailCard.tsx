import { zEmail } from '@common/schemas/primitives.js';
import { Alert, Anchor, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEmailStatus, usePasswordPolicy, useRequestEmailConfirmation } from '../../api/passwords.js';
import { errorMessage } from '../../components/notify.js';
import { isApiError } from '../../lib/apiError.js';

/** On the profile: the address recovery mail goes to, its state, and the form that sends a confirmation link. */
export function EmailCard() {
  const { t } = useTranslation('passwords');
  const status = useEmailStatus();
  const outbox = usePasswordPolicy().data?.mailOutbox;
  const request = useRequestEmailConfirmation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!zEmail.safeParse(email.trim()).success) found.email = t('errors:validation.email');
    if (!password) found.password = t('errors:validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    request.mutate(
      { email: email.trim(), currentPassword: password },
      {
        onSuccess: () => {
          setSentTo(email.trim());
          setEmail('');
          setPassword('');
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'password.currentWrong') setErrors({ password: error.message });
          else setErrors({ form: errorMessage(error) });
        },
      },
    );
  };

  const s = status.data;
  return (
    <Card withBorder radius="md" data-testid="email-card">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('email.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('email.hint')}
          </Text>
        </div>
        {s && (
          <Group gap="xs" data-testid="email-status">
            {s.email ? (
              <>
                <Text style={{ wordBreak: 'break-all' }} data-testid="email-current">
                  {s.email}
                </Text>
                <Badge color={s.confirmed ? 'green' : 'gray'} variant="light" data-testid="email-confirmed">
                  {s.confirmed ? t('email.confirmed') : t('email.notConfirmed')}
                </Badge>
              </>
            ) : (
              <Text c="dimmed">{t('email.none')}</Text>
            )}
          </Group>
        )}
        {(sentTo || s?.pendingEmail) && (
          <Alert color="blue" icon={<IconMailForward />} data-testid="email-pending">
            <Stack gap={4}>
              <Text size="sm">{t('email.pending', { email: sentTo ?? s?.pendingEmail })}</Text>
              {outbox && (
                <Anchor component={Link} to="/dev/outbox" size="sm" data-testid="email-outbox-link">
                  {t('email.outbox')}
                </Anchor>
              )}
            </Stack>
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {errors.form && (
              <Alert color="red" role="alert">
                {errors.form}
              </Alert>
            )}
            <Group grow align="flex-start" preventGrowOverflow={false} wrap="wrap">
              <TextInput
                label={t('email.new')}
                type="email"
                autoComplete="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={errors.email}
                style={{ minWidth: 200 }}
                data-testid="email-input"
              />
              <PasswordInput
                label={t('email.currentPassword')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                style={{ minWidth: 200 }}
                data-testid="email-password"
              />
            </Group>
            <Button
              type="submit"
              variant="light"
              loading={request.isPending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="email-submit"
            >
              {t('email.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
