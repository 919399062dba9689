import { PEOPLE_FIELDS, type PeopleField } from '@common/schemas/imports.js';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NativeSelect,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCheck,
  IconPlayerPlay,
  IconPrinter,
  IconTrash,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type ImportJobDetail,
  useApplyImport,
  useDiscardImport,
  useImportJob,
  usePrintImportSlips,
  useUpdateMapping,
} from '../../api/imports.js';
import { useCurrentMe } from '../../api/me.js';
import { notifySuccess } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { ConfirmModal } from '../people/ConfirmModal.js';
import { formatDateTime } from '../people/format.js';
import { editable, RowsCard } from './ImportRowsCard.js';
import { StatusBadge, SummaryBadges } from './importParts.js';

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
