import { Badge, Button, Card, Group, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApiClient,
  type ApiClientWithSecret,
  useApiClients,
  useCreateApiClient,
  useRotateApiClientSecret,
  useUpdateApiClient,
} from '../../api/api-clients.js';
import { useCurrentMe } from '../../api/me.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';
import { SecretModal } from './SecretModal.js';

const lines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function ClientForm({
  initial,
  onSubmit,
  pending,
}: {
  initial?: ApiClient;
  pending: boolean;
  onSubmit: (v: { name: string; scopes: string[]; allowedOrigins: string[]; redirectUris: string[] }) => void;
}) {
  const { t } = useTranslation('apiClients');
  const [name, setName] = useState(initial?.name ?? '');
  const [scopes, setScopes] = useState(initial?.scopes.join(', ') ?? '');
  const [origins, setOrigins] = useState(initial?.allowedOrigins.join('\n') ?? '');
  const [redirects, setRedirects] = useState(initial?.redirectUris.join('\n') ?? '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ name, scopes: lines(scopes), allowedOrigins: lines(origins), redirectUris: lines(redirects) });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('field.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-testid="api-client-name"
        />
        <TextInput
          label={t('field.scopes')}
          description={t('field.scopesHelp')}
          value={scopes}
          onChange={(e) => setScopes(e.currentTarget.value)}
        />
        <Textarea
          label={t('field.origins')}
          description={t('field.originsHelp')}
          value={origins}
          onChange={(e) => setOrigins(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Textarea
          label={t('field.redirects')}
          value={redirects}
          onChange={(e) => setRedirects(e.currentTarget.value)}
          autosize
          minRows={1}
        />
        <Button type="submit" loading={pending} data-testid="api-client-save">
          {t('save')}
        </Button>
      </Stack>
    </form>
  );
}

function ClientCard({ client, onSecret }: { client: ApiClient; onSecret: (s: ApiClientWithSecret) => void }) {
  const { t } = useTranslation('apiClients');
  const locale = useLocale();
  const update = useUpdateApiClient();
  const rotate = useRotateApiClientSecret();
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder radius="md" padding="md" data-testid={`api-client-${client.id}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Group gap="xs">
            <Text fw={600}>{client.name}</Text>
            {client.disabledAt ? (
              <Badge color="gray">{t('disabled')}</Badge>
            ) : (
              <Badge color="green" variant="light">
                {t('active')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            client_id: {client.clientId}
          </Text>
          <Text size="sm" c="dimmed">
            {t('schools', { count: client.schools })} · {t('created')}: {formatDateTime(client.createdAt, locale)}
          </Text>
          {client.allowedOrigins.length > 0 && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('field.origins')}: {client.allowedOrigins.join(', ')}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            {t('edit')}
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconKey size={14} />}
            loading={rotate.isPending}
            onClick={() => rotate.mutate(client.id, { onSuccess: onSecret, onError: notifyError })}
          >
            {t('rotate')}
          </Button>
          <Button
            size="xs"
            variant="light"
            color={client.disabledAt ? 'green' : 'red'}
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { id: client.id, disabled: !client.disabledAt },
                { onSuccess: () => notifySuccess(t('saved')), onError: notifyError },
              )
            }
          >
            {client.disabledAt ? t('enable') : t('disable')}
          </Button>
        </Group>
      </Group>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('edit')}>
        <ClientForm
          initial={client}
          pending={update.isPending}
          onSubmit={(v) =>
            update.mutate(
              { id: client.id, ...v },
              {
                onSuccess: () => {
                  setEditing(false);
                  notifySuccess(t('saved'));
                },
                onError: notifyError,
              },
            )
          }
        />
      </Modal>
    </Card>
  );
}

/** /api-clients — the registry of third-party apps (Ministry and regional administrators). */
export default function ApiClientsPage() {
  const { t } = useTranslation('apiClients');
  const me = useCurrentMe();
  const clients = useApiClients();
  const create = useCreateApiClient();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<ApiClientWithSecret | null>(null);
  if (!me.capabilities.manageApiClients) return <NoAccess />;
  if (clients.isPending) return <PageLoader />;
  if (clients.isError) return <PageError error={clients.error} onRetry={() => clients.refetch()} />;
  return (
    <Stack gap="lg" maw={860}>
      <Group justify="space-between">
        <Title order={2}>{t('registry.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="api-client-add">
          {t('registry.add')}
        </Button>
      </Group>
      <Text size="sm">{t('registry.intro')}</Text>
      {clients.data.items.length === 0 && <Text c="dimmed">{t('registry.empty')}</Text>}
      {clients.data.items.map((c) => (
        <ClientCard key={c.id} client={c} onSecret={setSecret} />
      ))}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('registry.add')}>
        <ClientForm
          pending={create.isPending}
          onSubmit={(v) =>
            create.mutate(v, {
              onSuccess: (created) => {
                setAdding(false);
                setSecret(created);
              },
              onError: notifyError,
            })
          }
        />
      </Modal>
      <SecretModal shown={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}
