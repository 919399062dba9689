import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMyApiApps, useRevokeMyApiApp } from '../../api/api-clients.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';

/** /settings/apps — "Apps with access": the apps holding tokens for me; Revoke signs the app out. */
export default function MyAppsPage() {
  const { t } = useTranslation('apiClients');
  const locale = useLocale();
  const apps = useMyApiApps();
  const revoke = useRevokeMyApiApp();
  if (apps.isPending) return <PageLoader />;
  if (apps.isError) return <PageError error={apps.error} onRetry={() => apps.refetch()} />;
  return (
    <Stack gap="lg" maw={760}>
      <Title order={2}>{t('mine.title')}</Title>
      <Text size="sm">{t('mine.intro')}</Text>
      {apps.data.items.length === 0 && <Text c="dimmed">{t('mine.empty')}</Text>}
      {apps.data.items.map((app) => (
        <Card key={app.id} withBorder radius="md" padding="md" data-testid={`my-app-${app.id}`}>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Text fw={600}>{app.name}</Text>
              <Text size="sm" c="dimmed">
                {t('mine.granted')}: {formatDateTime(app.grantedAt, locale)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('mine.lastUsed')}: {formatDateTime(app.lastUsedAt, locale)}
              </Text>
            </Stack>
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlugConnectedX size={16} />}
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(app.id, { onSuccess: () => notifySuccess(t('mine.revoked')), onError: notifyError })
              }
              data-testid={`my-app-revoke-${app.id}`}
            >
              {t('mine.revoke')}
            </Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
