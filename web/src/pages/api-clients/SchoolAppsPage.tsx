import { Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSchoolApiClients, useToggleSchoolApiClient } from '../../api/api-clients.js';
import { useCurrentMe } from '../../api/me.js';
import { notifyError } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';

/** /school/apps — which registered apps the school's people may sign in to (its administrators). */
export default function SchoolAppsPage() {
  const { t } = useTranslation('apiClients');
  const me = useCurrentMe();
  const apps = useSchoolApiClients();
  const toggle = useToggleSchoolApiClient();
  if (!me.capabilities.enableApiClients) return <NoAccess />;
  if (apps.isPending) return <PageLoader />;
  if (apps.isError) return <PageError error={apps.error} onRetry={() => apps.refetch()} />;
  return (
    <Stack gap="lg" maw={760}>
      <Title order={2}>{t('school.title')}</Title>
      <Text size="sm">{t('school.intro')}</Text>
      {apps.data.items.length === 0 && <Text c="dimmed">{t('school.empty')}</Text>}
      {apps.data.items.map((app) => (
        <Card key={app.id} withBorder radius="md" padding="md" data-testid={`school-app-${app.id}`}>
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600}>{app.name}</Text>
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                client_id: {app.clientId}
              </Text>
            </Stack>
            <Switch
              checked={app.enabled}
              label={app.enabled ? t('school.on') : t('school.off')}
              disabled={toggle.isPending}
              onChange={(e) =>
                toggle.mutate({ id: app.id, enabled: e.currentTarget.checked }, { onError: notifyError })
              }
              data-testid={`school-app-toggle-${app.id}`}
            />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
