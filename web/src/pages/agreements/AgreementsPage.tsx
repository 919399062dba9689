import { Badge, Button, Card, Group, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACCEPTANCES_CSV_URL,
  type AgreementVersion,
  useAgreementVersions,
  useCurrentAgreement,
  usePublishAgreement,
} from '../../api/agreements.js';
import { useCurrentMe } from '../../api/me.js';
import { notifySuccess } from '../../components/notify.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';
import { AgreementText } from './AgreementText.js';
import { NewVersionModal } from './NewVersionModal.js';

function StatusBadge({ v }: { v: AgreementVersion }) {
  const { t } = useTranslation('registration');
  if (v.current) return <Badge color="green">{t('agreements.status.current')}</Badge>;
  if (v.publishedAt) return <Badge color="gray">{t('agreements.status.published')}</Badge>;
  return <Badge color="yellow">{t('agreements.status.draft')}</Badge>;
}

/**
 * /agreements — the Ministry's administrators draft and publish versions of the user agreement; every
 * administrator downloads who accepted it (the server limits the export to their subtree).
 */
export default function AgreementsPage() {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const me = useCurrentMe();
  const { manageAgreements, exportAcceptances } = me.capabilities;
  const all = useAgreementVersions(manageAgreements);
  const current = useCurrentAgreement();
  const publish = usePublishAgreement();
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<AgreementVersion | null>(null);
  const [publishing, setPublishing] = useState<AgreementVersion | null>(null);

  if (!manageAgreements && !exportAcceptances) return <NoAccess />;
  const list = manageAgreements ? all : current;
  const versions: AgreementVersion[] = manageAgreements ? (all.data?.items ?? []) : current.data ? [current.data] : [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('agreements.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('agreements.intro')}
          </Text>
        </div>
        {manageAgreements && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)} data-testid="agreements-new">
            {t('agreements.new')}
          </Button>
        )}
      </Group>

      {exportAcceptances && (
        <Card withBorder radius="md" padding="md">
          <Group justify="space-between" gap="sm">
            <div>
              <Text size="sm">{t('agreements.exportHint')}</Text>
              <Text size="xs" c="dimmed">
                {manageAgreements ? t('agreements.exportScopeAll') : t('agreements.exportScopeMine')}
              </Text>
            </div>
            <Button
              component="a"
              href={ACCEPTANCES_CSV_URL}
              download
              variant="light"
              leftSection={<IconDownload size={18} />}
              data-testid="agreements-export"
            >
              {t('agreements.export')}
            </Button>
          </Group>
        </Card>
      )}

      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <PageError error={list.error} onRetry={() => void list.refetch()} />
      ) : versions.length === 0 ? (
        <EmptyPage title={t('agreements.empty')} />
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={560} data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agreements.columns.label')}</Table.Th>
                <Table.Th>{t('agreements.columns.status')}</Table.Th>
                <Table.Th>{t('agreements.columns.created')}</Table.Th>
                <Table.Th>{t('agreements.columns.published')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.id} data-testid={`agreement-row-${v.id}`}>
                  <Table.Td fw={600}>{v.label}</Table.Td>
                  <Table.Td>
                    <StatusBadge v={v} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(v.createdAt, locale)}</Table.Td>
                  <Table.Td>{v.publishedAt ? formatDateTime(v.publishedAt, locale) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" onClick={() => setViewing(v)}>
                        {t('agreements.view')}
                      </Button>
                      {manageAgreements && !v.publishedAt && (
                        <Button
                          size="compact-sm"
                          onClick={() => setPublishing(v)}
                          data-testid={`agreement-publish-${v.id}`}
                        >
                          {t('agreements.publish')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}

      <NewVersionModal
        opened={creating}
        onClose={() => setCreating(false)}
        base={versions.find((v) => v.current) ?? null}
      />

      <Modal opened={viewing !== null} onClose={() => setViewing(null)} title={viewing?.label} size="xl">
        {viewing && (
          <Stack gap="md">
            {viewing.changes[locale] && (
              <Card withBorder bg="blue.0">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {viewing.changes[locale]}
                </Text>
              </Card>
            )}
            <AgreementText text={viewing.text[locale]} />
          </Stack>
        )}
      </Modal>

      <Modal
        opened={publishing !== null}
        onClose={() => setPublishing(null)}
        title={publishing ? t('agreements.publishTitle', { label: publishing.label }) : ''}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('agreements.publishText')}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setPublishing(null)}>
              {t('agreements.form.cancel')}
            </Button>
            <Button
              loading={publish.isPending}
              data-testid="agreement-publish-confirm"
              onClick={() => {
                const v = publishing;
                if (!v) return;
                publish.mutate(v.id, {
                  onSuccess: () => {
                    setPublishing(null);
                    notifySuccess(t('agreements.published', { label: v.label }));
                  },
                });
              }}
            >
              {t('agreements.publish')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
