import { PEOPLE_FIELDS, type PeopleField, ROW_OUTCOMES, type RowOutcome } from '@common/schemas/imports.js';
import {
  Button,
  Card,
  Group,
  List,
  Modal,
  Pagination,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPencil } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportJobDetail, type ImportRow, useConfirmRows, useFixRow, useImportRows } from '../../api/imports.js';
import { notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate, fullName } from '../people/format.js';
import { OutcomeBadge } from './importParts.js';

const PAGE_SIZE = 50;
/** A job whose rows can still be changed (not applying, applied or discarded). */
export const editable = (job: ImportJobDetail) => job.status === 'previewed' || job.status === 'failed';

/** How the row reads: the person's name, or the class / subject it describes. */
function rowTitle(row: ImportRow) {
  const v = row.values ?? {};
  if (row.entity === 'person') {
    const name = fullName({ surname: v.surname ?? '', firstName: v.firstName ?? '', patronymic: v.patronymic });
    return name || v.fullName || (row.match?.person ? fullName(row.match.person) : '—');
  }
  return v.class || v.title || v.nameKk || v.subject || '—';
}

function RowDetails({ row }: { row: ImportRow }) {
  const { t } = useTranslation('imports');
  const locale = useLocale();
  const v = row.values ?? {};
  const facts = [v.role, v.birthDate, v.iin, v.class && row.entity === 'person' ? v.class : null].filter(Boolean);
  const m = row.match;
  return (
    <Stack gap={2}>
      {facts.length > 0 && (
        <Text size="xs" c="dimmed">
          {facts.join(' · ')}
        </Text>
      )}
      {m && (
        <Text size="xs" data-testid="row-match">
          {t(`job.match.${m.via}`)}
          {m.person && `: ${fullName(m.person)}, ${formatDate(m.person.birthDate, locale)}`}
          {m.confirmed && ` (${t('job.confirmed')})`}
        </Text>
      )}
      {row.changes.length > 0 && (row.outcome === 'update' || row.outcome === 'confirm') && (
        <Text size="xs" c="blue">
          {t('job.changes', {
            list: row.changes
              .map((c) => ((PEOPLE_FIELDS as readonly string[]).includes(c) ? t(`columns.${c}`) : t(`change.${c}`)))
              .join(', '),
          })}
        </Text>
      )}
      {row.errors.length > 0 && (
        <List size="xs" spacing={0} icon={<IconAlertTriangle size={12} color="var(--mantine-color-red-6)" />}>
          {row.errors.map((e) => (
            <List.Item key={`${e.field}:${e.code}`}>
              <Text size="xs" c="red">
                {e.field ? `${t(`columns.${e.field}`)}: ` : ''}
                {e.message}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The dry run's rows of an import job: filter by outcome, details, fix a bad row, confirm name matches. */
export function RowsCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const [outcome, setOutcome] = useState<RowOutcome | 'all'>(() =>
    job.summary && job.summary.error > 0 ? 'error' : 'all',
  );
  const [page, setPage] = useState(1);
  // A filter left on an outcome that no longer occurs (all errors fixed, the job applied) shows every row.
  const summary = job.summary;
  useEffect(() => {
    if (outcome !== 'all' && summary && summary[outcome] === 0) setOutcome('all');
  }, [outcome, summary]);
  const rows = useImportRows(job.id, { outcome: outcome === 'all' ? undefined : outcome, page, pageSize: PAGE_SIZE });
  const confirm = useConfirmRows(job.id);
  const [fixing, setFixing] = useState<ImportRow | null>(null);
  const canEdit = editable(job);
  const total = rows.data?.total ?? 0;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={4}>{t('job.rowsTitle')}</Title>
          {canEdit && job.summary && job.summary.confirm > 0 && (
            <Button
              size="xs"
              variant="light"
              color="orange"
              leftSection={<IconCheck size={14} />}
              loading={confirm.isPending}
              onClick={() => confirm.mutate({ all: true }, { onSuccess: () => notifySuccess(t('job.confirmedAll')) })}
              data-testid="confirm-all"
            >
              {t('job.confirmAll')}
            </Button>
          )}
        </Group>
        <SegmentedControl
          value={outcome}
          onChange={(v) => {
            setOutcome(v as RowOutcome | 'all');
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('outcome.all') },
            ...ROW_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })),
          ]}
          data-testid="rows-filter"
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        {rows.isError ? (
          <PageError error={rows.error} onRetry={() => rows.refetch()} />
        ) : !rows.data ? (
          <PageLoader />
        ) : rows.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('job.noRows')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640} maxHeight={620}>
            <Table verticalSpacing={6} fz="sm" stickyHeader data-testid="import-rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={56}>{t('job.row')}</Table.Th>
                  <Table.Th>{t('job.name')}</Table.Th>
                  <Table.Th>{t('job.details')}</Table.Th>
                  <Table.Th w={120}>{t('job.result')}</Table.Th>
                  {canEdit && <Table.Th w={130} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.data.items.map((row) => (
                  <Table.Tr key={row.rowNumber} data-testid={`import-row-${row.rowNumber}`} data-outcome={row.outcome}>
                    <Table.Td c="dimmed">{row.rowNumber}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {rowTitle(row)}
                      </Text>
                      {row.entity !== 'person' && (
                        <Text size="xs" c="dimmed">
                          {t(`entity.${row.entity}`)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RowDetails row={row} />
                    </Table.Td>
                    <Table.Td>
                      <OutcomeBadge outcome={row.outcome} />
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {row.entity === 'person' && job.kind === 'people' && (
                            <Button
                              size="compact-xs"
                              variant={row.outcome === 'error' ? 'filled' : 'subtle'}
                              leftSection={<IconPencil size={12} />}
                              onClick={() => setFixing(row)}
                              data-testid={`fix-row-${row.rowNumber}`}
                            >
                              {t('job.fix')}
                            </Button>
                          )}
                          {row.outcome === 'confirm' && (
                            <Button
                              size="compact-xs"
                              color="orange"
                              loading={confirm.isPending && confirm.variables?.rowNumbers?.[0] === row.rowNumber}
                              onClick={() => confirm.mutate({ rowNumbers: [row.rowNumber] })}
                              data-testid={`confirm-row-${row.rowNumber}`}
                            >
                              {t('job.confirm')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {total > PAGE_SIZE && (
          <Pagination
            total={Math.ceil(total / PAGE_SIZE)}
            value={page}
            onChange={setPage}
            size="sm"
            data-testid="rows-pages"
          />
        )}
      </Stack>
      {fixing && <FixRowModal job={job} row={fixing} onClose={() => setFixing(null)} />}
    </Card>
  );
}

function FixRowModal({ job, row, onClose }: { job: ImportJobDetail; row: ImportRow; onClose: () => void }) {
  const { t } = useTranslation('imports');
  const fix = useFixRow(job.id);
  const original = row.values ?? {};
  const errorFields = new Set(row.errors.map((e) => e.field).filter(Boolean));
  // The mapped fields, and any field an error names (even if the file has no column for it).
  const fields = PEOPLE_FIELDS.filter((f) => job.columns.includes(f) || errorFields.has(f));
  const [values, setValues] = useState<Partial<Record<PeopleField, string>>>(() =>
    Object.fromEntries(fields.map((f) => [f, original[f] ?? ''])),
  );
  const changed = Object.fromEntries(Object.entries(values).filter(([f, v]) => v !== (original[f] ?? ''))) as Partial<
    Record<PeopleField, string>
  >;
  const messageOf = (f: PeopleField) =>
    row.errors
      .filter((e) => e.field === f)
      .map((e) => e.message)
      .join(' ') || undefined;
  return (
    <Modal opened onClose={onClose} title={t('job.fixTitle', { row: row.rowNumber })} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          fix.mutate(
            { rowNumber: row.rowNumber, values: changed },
            {
              onSuccess: () => {
                notifySuccess(t('job.fixed'));
                onClose();
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {fields.map((f) => (
              <TextInput
                key={f}
                label={t(`columns.${f}`)}
                value={values[f] ?? ''}
                error={messageOf(f)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setValues((prev) => ({ ...prev, [f]: value }));
                }}
                data-testid={`fix-${f}`}
              />
            ))}
          </SimpleGrid>
          {row.errors
            .filter((e) => !e.field)
            .map((e) => (
              <Text key={e.code} size="sm" c="red">
                {e.message}
              </Text>
            ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('job.cancel')}
            </Button>
            <Button
              type="submit"
              loading={fix.isPending}
              disabled={Object.keys(changed).length === 0}
              data-testid="fix-save"
            >
              {t('job.fixSave')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
