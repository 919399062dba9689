import { PEOPLE_FIELDS, type PeopleField, ROW_OUTCOMES, type RowOutcome } from '@common/schemas/imports.js';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Modal,
  NativeSelect,
  Pagination,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCheck,
  IconPencil,
  IconPlayerPlay,
  IconPrinter,
  IconTrash,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type ImportJobDetail,
  type ImportRow,
  useApplyImport,
  useConfirmRows,
  useDiscardImport,
  useFixRow,
  useImportJob,
  useImportRows,
  usePrintImportSlips,
  useUpdateMapping,
} from '../../api/imports.js';
import { useCurrentMe } from '../../api/me.js';
import { notifySuccess } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { ConfirmModal } from '../people/ConfirmModal.js';
import { formatDate, formatDateTime, fullName } from '../people/format.js';
import { OutcomeBadge, StatusBadge, SummaryBadges } from './importParts.js';

const PAGE_SIZE = 50;
const editable = (job: ImportJobDetail) => job.status === 'previewed' || job.status === 'failed';

/**
 * /imports/:id — one import: the dry run's summary, the column mapping, the rows by outcome with their errors
 * (fix a row inline, confirm suggested matches), then Apply with a progress bar that survives a reload (the
 * job is polled while it is being applied), then the credential slips per class.
 */
export default function ImportJobPage() {
  const me = useCurrentMe();
  const id = Number(useParams().id);
  const job = useImportJob(id);
  if (!me.capabilities.manageSchool) return <NoAccess />;
  if (job.isPending) return <PageLoader />;
  if (job.isError) return <PageError error={job.error} onRetry={() => job.refetch()} />;
  return <JobView job={job.data} />;
}

function JobView({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const locale = useLocale();
  return (
    <Stack gap="lg" maw={1100}>
      <Anchor component={Link} to="/imports" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('job.back')}
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {job.fileName}
          </Title>
          <StatusBadge status={job.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`kind.${job.kind}`)} · {formatDateTime(job.createdAt, locale)} · {t('page.rows', { count: job.totalRows })}
        </Text>
      </Stack>
      <SummaryCard job={job} />
      {job.status === 'applying' && <ProgressCard job={job} />}
      {job.status === 'failed' && job.error && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('job.failedTitle')} data-testid="import-failed">
          {job.error}
        </Alert>
      )}
      {job.status === 'applied' && <AppliedCard job={job} />}
      {job.kind === 'people' && editable(job) && job.headers.length > 0 && <MappingCard job={job} />}
      {job.status !== 'discarded' && <RowsCard job={job} />}
      {editable(job) && <ActionsCard job={job} />}
    </Stack>
  );
}

function SummaryCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const s = job.summary;
  if (!s || job.status === 'discarded') return null;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Title order={4}>{job.status === 'applied' ? t('job.summaryDone') : t('job.summaryTitle')}</Title>
        <SummaryBadges summary={s} />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
          <Text size="sm">{t('job.accounts', { count: s.accounts })}</Text>
          <Text size="sm">{t('job.classesToCreate', { count: s.classesToCreate })}</Text>
          <Text size="sm">{t('job.enrolments', { count: s.enrolments })}</Text>
          <Text size="sm">{t('job.links', { count: s.links })}</Text>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function ProgressCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const p = job.progress;
  const value = p && p.total > 0 ? (100 * p.done) / p.total : 0;
  return (
    <Card withBorder radius="md" padding="md" data-testid="import-progress">
      <Stack gap="xs">
        <Text fw={500}>
          {p ? t(`job.phase.${p.phase}`) : t('status.applying')} —{' '}
          {t('job.progress', { done: p?.done ?? 0, total: p?.total ?? job.totalRows })}
        </Text>
        <Progress value={value} animated striped aria-label={t('status.applying')} />
      </Stack>
    </Card>
  );
}

function AppliedCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const locale = useLocale();
  const [perPage, setPerPage] = useState<1 | 4 | 8>(4);
  const print = usePrintImportSlips(job.id);
  return (
    <Card withBorder radius="md" padding="md" data-testid="import-applied">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCheck color="var(--mantine-color-teal-6)" />
          <Title order={4}>{t('job.appliedTitle')}</Title>
        </Group>
        {job.slips ? (
          <>
            <Text size="sm">{t('job.slipsText', { time: formatDateTime(job.slips.expiresAt, locale) })}</Text>
            <Group gap="sm">
              <Text size="sm" fw={500} id="import-slips-per-page">
                {t('job.perPage')}
              </Text>
              <SegmentedControl
                aria-labelledby="import-slips-per-page"
                value={String(perPage)}
                onChange={(v) => setPerPage(Number(v) as 1 | 4 | 8)}
                data={['1', '4', '8']}
              />
            </Group>
            <Stack gap={6} data-testid="import-slip-groups">
              {job.slips.groups.map((g) => (
                <Group key={g.classId ?? 'other'} justify="space-between" wrap="wrap" gap="xs">
                  <Text size="sm">
                    {g.label ?? t('job.slipsOther')} · {t('page.rows', { count: g.count })}
                  </Text>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconPrinter size={14} />}
                    loading={print.isPending && print.variables?.classId === g.classId}
                    onClick={() => print.mutate({ classId: g.classId, perPage })}
                    data-testid={`print-slips-${g.label ?? 'other'}`}
                  >
                    {t('job.print')}
                  </Button>
                </Group>
              ))}
            </Stack>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('job.slipsGone')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function MappingCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const [columns, setColumns] = useState(job.columns);
  useEffect(() => setColumns(job.columns), [job.columns]);
  const update = useUpdateMapping(job.id);
  const changed = columns.some((c, i) => c !== job.columns[i]);
  const options = [
    { value: '', label: t('job.ignore') },
    ...PEOPLE_FIELDS.map((f) => ({ value: f, label: t(`columns.${f}`) })),
  ];
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('job.mappingTitle')}</Title>
        <Text size="sm">{t('job.mappingText')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" data-testid="import-mapping">
          {job.headers.map((header, i) => (
            <NativeSelect
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              key={i}
              label={header || `#${i + 1}`}
              value={columns[i] ?? ''}
              data={options}
              onChange={(e) => {
                const next = [...columns];
                next[i] = (e.currentTarget.value || null) as PeopleField | null;
                setColumns(next);
              }}
              data-testid={`mapping-${i}`}
            />
          ))}
        </SimpleGrid>
        <Button
          style={{ alignSelf: 'flex-start' }}
          disabled={!changed}
          loading={update.isPending}
          onClick={() => update.mutate(columns, { onSuccess: () => notifySuccess(t('job.mappingSaved')) })}
          data-testid="mapping-save"
        >
          {t('job.saveMapping')}
        </Button>
      </Stack>
    </Card>
  );
}

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

function RowsCard({ job }: { job: ImportJobDetail }) {
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

function ActionsCard({ job }: { job: ImportJobDetail }) {
  const { t } = useTranslation('imports');
  const navigate = useNavigate();
  const apply = useApplyImport(job.id);
  const discard = useDiscardImport(job.id);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const blocked = !job.summary || job.summary.error > 0 || job.summary.confirm > 0;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Text size="sm">{blocked ? t('job.applyBlocked') : t('job.applyHint')}</Text>
        <Group gap="sm" wrap="wrap">
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={blocked}
            loading={apply.isPending}
            onClick={() => apply.mutate()}
            data-testid="import-apply"
          >
            {job.status === 'failed' ? t('job.retry') : t('job.apply')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDiscard(true)}
            data-testid="import-discard"
          >
            {t('job.discard')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirmDiscard}
        title={t('job.discard')}
        text={t('job.discardConfirm')}
        confirmLabel={t('job.discard')}
        loading={discard.isPending}
        onClose={() => setConfirmDiscard(false)}
        onConfirm={() =>
          discard.mutate(undefined, {
            onSuccess: () => {
              notifySuccess(t('job.discarded'));
              navigate('/imports');
            },
          })
        }
      />
    </Card>
  );
}
