import { zSignIn } from '@common/schemas/auth.js';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMe, useSignIn } from '../api/me.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { errorMessage } from '../components/notify.js';
import { PageLoader } from '../components/PageState.js';
import { safeNext } from '../components/RequireAuth.js';
import { type FieldErrors, zodFieldErrors } from '../lib/formErrors.js';

export default function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { data: me, isPending } = useMe();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  if (isPending) return <PageLoader fullScreen />;
  // Signed in (just now, or already in another tab): go where the person was heading.
  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = zSignIn.safeParse({ username, password });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    signIn.mutate(parsed.data);
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Box w="100%" maw={400}>
        <Group justify="flex-end" mb="sm">
          <LanguageSwitch size="compact-sm" />
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }}>
          <Stack gap={4} mb="lg">
            <Title order={1} c="blue.7" style={{ letterSpacing: '-0.02em' }}>
              {t('appName')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('signIn.subtitle')}
            </Text>
          </Stack>
          <form onSubmit={submit} noValidate>
            <Stack>
              {signIn.isError && (
                <Alert color="red" icon={<IconAlertCircle />} role="alert" data-testid="signin-error">
                  {errorMessage(signIn.error)}
                </Alert>
              )}
              <TextInput
                label={t('signIn.username')}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={errors.username}
                data-testid="signin-username"
                data-autofocus
                required
              />
              <PasswordInput
                label={t('signIn.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                data-testid="signin-password"
                required
              />
              <Button type="submit" loading={signIn.isPending} data-testid="signin-submit" fullWidth mt="xs">
                {t('signIn.submit')}
              </Button>
              <Anchor component={Link} to="/forgot-password" size="sm" ta="center" data-testid="signin-forgot">
                {t('passwords:forgot.link')}
              </Anchor>
            </Stack>
          </form>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" mt="md">
          {t('signIn.help')}
        </Text>
        <Text size="sm" ta="center" mt="xs">
          <Anchor component={Link} to="/calculator" data-testid="signin-calculator">
            {t('assessment:nav.calculator')}
          </Anchor>
        </Text>
      </Box>
    </Center>
  );
}
