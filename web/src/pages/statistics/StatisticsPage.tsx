import type { Locale } from '@common/enums.js';
import type { StatisticsFigures } from '@common/schemas/statistics.js';
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { type StatisticsParams, useSchoolStatistics, useStatisticsDownload } from '../../api/statistics.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { formatTime } from '../../lib/format.js';

/** A percentage (one decimal) or an average (two); a dash where the formula does not apply. */
const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

/** The quarter running today in most schools (Kazakhstan's national calendar), for the first view. */
function currentQuarter(today: string) {
  const md = today.slice(5);
  if (md >= '11-01' && md < '12-31') return 2;
  if (md >= '01-01' && md < '03-25') return 3;
  if (md >= '03-25' && md < '08-01') return 4;
  return 1;
}

const OPTIONS: StatisticsParams[] = [
  ...[1, 2, 3, 4].map((number) => ({ kind: 'quarter' as const, number })),
  ...[1, 2].map((number) => ({ kind: 'half_year' as const, number })),
];

/**
 * /statistics — district, regional and ministry staff: performance (§4.1), attendance (§3) and journal fill-in of
 * every school beneath them, with subtotals per district and the total. Counts and percentages only, no names.
 */
export default function StatisticsPage() {
  const { t, i18n } = useTranslation(['statistics', 'reports']);
  const me = useCurrentMe();
  const [params, setParams] = useState<StatisticsParams>({
    kind: 'quarter',
    number: currentQuarter(new Date().toISOString().slice(0, 10)),
  });
  const report = useSchoolStatistics(params);
  const download = useStatisticsDownload();
  const locale = (i18n.language as Locale) ?? 'kk';

  if (!me.capabilities.readStatistics) return <NoAccess />;
  const label = (p: StatisticsParams) => t(`reports:period.${p.kind}`, { number: p.number });

  let body: ReactNode;
  if (report.isPending) body = <PageLoader />;
  else if (report.error) body = <PageError error={report.error} onRetry={() => void report.refetch()} />;
  else if (report.data.schools.length === 0) body = <EmptyPage title={t('page.noSchools')} />;
  else {
    const r = report.data;
    body = (
      <Stack gap="md">
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            {r.institution.name[locale]} · {t('page.asOf', { date: r.asOf.split('-').reverse().join('.') })} ·{' '}
            <span data-testid="statistics-computed-at">{t('page.computedAt', { time: formatTime(r.computedAt) })}</span>
          </Text>
          {r.total.running && (
            <Tooltip label={t('page.runningHint')} multiline w={280}>
              <Badge color="orange" variant="light" data-testid="statistics-running">
                {t('running')}
              </Badge>
            </Tooltip>
          )}
        </Group>
        {r.groups.length > 0 && (
          <Stack gap="xs">
            <Title order={4}>{t('page.groups')}</Title>
            <FiguresTable
              first={t('columns.district')}
              rows={r.groups.map((g) => ({ key: g.institutionId, name: g.name[locale], figures: g }))}
              total={r.total}
              testId="statistics-groups"
            />
          </Stack>
        )}
        <Stack gap="xs">
          <Title order={4}>{t('page.schools')}</Title>
          <FiguresTable
            first={t('columns.school')}
            rows={r.schools.map((s) => ({
              key: s.schoolId,
              name: s.period ? s.name[locale] : `${s.name[locale]} (${t('page.noPeriod')})`,
              figures: s,
            }))}
            total={r.total}
            testId="statistics-schools"
          />
        </Stack>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 260px' }}>
          <Title order={2}>{t('page.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('page.intro')}
          </Text>
        </Stack>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <NativeSelect
            label={t('page.periodKind')}
            value={`${params.kind}:${params.number}`}
            onChange={(e) => {
              const [kind, number] = e.currentTarget.value.split(':');
              setParams({ kind: kind as StatisticsParams['kind'], number: Number(number) });
            }}
            data={OPTIONS.map((p) => ({ value: `${p.kind}:${p.number}`, label: label(p) }))}
            data-testid="statistics-period"
          />
          <Button
            variant="default"
            leftSection={<IconDownload size={14} />}
            loading={download.isPending}
            disabled={!report.data}
            onClick={() => download.start(params)}
            data-testid="statistics-export"
          >
            {t('page.download')}
          </Button>
        </Group>
      </Group>
      {body}
    </Stack>
  );
}

function FiguresTable({
  first,
  rows,
  total,
  testId,
}: {
  first: string;
  rows: { key: number; name: string; figures: StatisticsFigures }[];
  total: StatisticsFigures;
  testId: string;
}) {
  const { t } = useTranslation(['statistics', 'reports']);
  const head = [
    first,
    t('reports:columns.pupils'),
    t('reports:columns.n'),
    t('reports:columns.success'),
    t('reports:columns.quality'),
    t('reports:columns.sou'),
    t('reports:columns.average'),
    t('reports:columns.categories.excellent'),
    t('reports:columns.categories.good'),
    t('reports:columns.categories.satisfactory'),
    t('reports:columns.categories.failing'),
    t('reports:columns.categories.na'),
    t('statistics:columns.missedPercent'),
    t('statistics:columns.days'),
    t('statistics:columns.sickDays'),
    t('statistics:columns.withoutTopicPercent'),
  ];
  const cells = (f: StatisticsFigures) => [
    f.pupils,
    f.n,
    fmt(f.success),
    fmt(f.quality),
    fmt(f.sou),
    fmt(f.average, 2),
    f.categories.excellent,
    // Хорошисты: the reserve with one «4» included, as the school report's quality share counts them.
    f.categories.good + f.categories.oneFour,
    f.categories.satisfactory + f.categories.oneThree,
    f.categories.failing,
    f.categories.na,
    fmt(f.attendance.missedPercent),
    f.attendance.days,
    f.attendance.sickDays,
    fmt(f.fillIn.withoutTopicPercent),
  ];
  const row = (key: string | number, name: string, f: StatisticsFigures, bold = false) => (
    <Table.Tr key={key} fw={bold ? 700 : undefined}>
      <Table.Td>{name}</Table.Td>
      {cells(f).map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
        <Table.Td key={i}>{v}</Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder fz="sm" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => row(r.key, r.name, r.figures))}
          {row('total', t('statistics:total'), total, true)}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
