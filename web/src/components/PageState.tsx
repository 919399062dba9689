import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isStatus } from '../lib/apiError.js';
import { errorMessage } from './notify.js';

export function PageLoader({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <Center h={fullScreen ? '100vh' : 200}>
      <Loader />
    </Center>
  );
}

/** A query that failed: 404 reads as "not found", anything else shows the server's message and a retry. */
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isStatus(error, 404)) return <EmptyPage title={t('notFound.title')} text={t('notFound.text')} />;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={t('errors.title')} my="md">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('actions.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyPage({ title, text, children }: { title: string; text?: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <IconMoodEmpty size={40} stroke={1.5} color="var(--mantine-color-dimmed)" />
      <Title order={3}>{title}</Title>
      {text && <Text c="dimmed">{text}</Text>}
      {children}
    </Stack>
  );
}

/** A screen this context has no use for (the server would refuse it anyway). */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <IconLock size={40} stroke={1.5} color="var(--mantine-color-dimmed)" />
      <Title order={3}>{t('noAccess.title')}</Title>
      <Text c="dimmed">{t('noAccess.text')}</Text>
    </Stack>
  );
}
