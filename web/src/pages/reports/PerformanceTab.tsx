import { PUPIL_CATEGORIES } from '@common/schemas/reports.js';
import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClassPerformance, usePerformanceSummary } from '../../api/reports.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { ExportButtons, fmt, ReportTable, RunningBadge } from './ReportParts.js';

/** The school summary (one row per class); a class opens its subject rows and pupil categories (§4.1). */
export function PerformanceTab({ periodId }: { periodId: number }) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation('classes');
  const [classId, setClassId] = useState<number | null>(null);
  const summary = usePerformanceSummary(periodId);
  if (classId !== null)
    return <ClassPerformanceView classId={classId} periodId={periodId} onBack={() => setClassId(null)} />;
  if (summary.isPending) return <PageLoader />;
  if (summary.error) return <PageError error={summary.error} onRetry={() => void summary.refetch()} />;
  const r = summary.data;
  const rates = (x: {
    n: number;
    success: number | null;
    quality: number | null;
    sou: number | null;
    average: number | null;
  }) => [
    <Table.Td key="n">{x.n}</Table.Td>,
    <Table.Td key="s">{fmt(x.success)}</Table.Td>,
    <Table.Td key="q">{fmt(x.quality)}</Table.Td>,
    <Table.Td key="sou">{fmt(x.sou)}</Table.Td>,
    <Table.Td key="a">{fmt(x.average, 2)}</Table.Td>,
  ];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <RunningBadge running={r.running} />
        <ExportButtons what="performance" params={{ periodId }} />
      </Group>
      {r.classes.length === 0 ? (
        <Text c="dimmed">{t('page.noClasses')}</Text>
      ) : (
        <ReportTable
          testId="reports-performance-summary"
          head={[
            t('columns.class'),
            t('columns.language'),
            t('columns.pupils'),
            ...PUPIL_CATEGORIES.map((c) => t(`columns.categories.${c}`)),
            t('columns.n'),
            t('columns.success'),
            t('columns.quality'),
            t('columns.sou'),
            t('columns.average'),
          ]}
        >
          {r.classes.map((c) => (
            <Table.Tr key={c.classId} data-testid={`reports-class-${c.classId}`}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Anchor
                    component="button"
                    type="button"
                    onClick={() => setClassId(c.classId)}
                    title={t('page.openClass')}
                  >
                    {c.label}
                  </Anchor>
                  <RunningBadge running={c.running} />
                </Group>
              </Table.Td>
              <Table.Td>{tc(`language.${c.language}`, { defaultValue: c.language })}</Table.Td>
              <Table.Td>{c.pupils}</Table.Td>
              {PUPIL_CATEGORIES.map((k) => (
                <Table.Td key={k}>{c.categories[k]}</Table.Td>
              ))}
              {rates(c)}
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('total')}</Table.Td>
            <Table.Td />
            <Table.Td>{r.total.pupils}</Table.Td>
            {PUPIL_CATEGORIES.map((k) => (
              <Table.Td key={k}>{r.total.categories[k]}</Table.Td>
            ))}
            {rates(r.total)}
          </Table.Tr>
        </ReportTable>
      )}
    </Stack>
  );
}

const COUNT_KEYS = ['n5', 'n4', 'n3', 'n2', 'na', 'exempt', 'pass', 'fail', 'none'] as const;

function ClassPerformanceView({
  classId,
  periodId,
  onBack,
}: {
  classId: number;
  periodId: number;
  onBack: () => void;
}) {
  const { t } = useTranslation('reports');
  const locale = useLocale();
  const q = useClassPerformance(classId, periodId);
  const back = (
    <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={onBack} w="fit-content">
      {t('page.back')}
    </Button>
  );
  if (q.isPending) return <PageLoader />;
  if (q.error) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const gradeLabel = (g: string | undefined) =>
    g === undefined ? '' : /^[2-5]$/.test(g) ? g : t(`grades.${g}`, { defaultValue: g });
  const row = (x: (typeof r.subjects)[number] | typeof r.total) => [
    ...COUNT_KEYS.map((k) => <Table.Td key={k}>{x.counts[k]}</Table.Td>),
    <Table.Td key="a">{fmt(x.average, 2)}</Table.Td>,
    <Table.Td key="n">{x.n}</Table.Td>,
    <Table.Td key="s">{fmt(x.success)}</Table.Td>,
    <Table.Td key="q">{fmt(x.quality)}</Table.Td>,
    <Table.Td key="sou">{fmt(x.sou)}</Table.Td>,
  ];
  return (
    <Stack gap="sm" data-testid="reports-class-performance">
      {back}
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={3}>{r.label}</Title>
          <RunningBadge running={r.running} />
        </Group>
        <ExportButtons what="performance" params={{ periodId, classId }} />
      </Group>
      <Title order={4}>{t('page.subjects')}</Title>
      <ReportTable
        head={[
          t('columns.subject'),
          ...COUNT_KEYS.map((k) => t(`columns.counts.${k}`)),
          t('columns.average'),
          t('columns.n'),
          t('columns.success'),
          t('columns.quality'),
          t('columns.sou'),
        ]}
      >
        {r.subjects.map((s) => (
          <Table.Tr key={s.subjectId}>
            <Table.Td>{localName(s.subject, locale)}</Table.Td>
            {row(s)}
          </Table.Tr>
        ))}
        <Table.Tr fw={700}>
          <Table.Td>{t('total')}</Table.Td>
          {row(r.total)}
        </Table.Tr>
      </ReportTable>
      <Title order={4}>{t('page.categoryCounts')}</Title>
      <Group gap="lg" wrap="wrap">
        {PUPIL_CATEGORIES.map((c) => (
          <Text key={c} size="sm">
            {t(`categories.${c}`)}: <b>{r.categories[c]}</b>
          </Text>
        ))}
      </Group>
      <Title order={4}>{t('page.pupils')}</Title>
      <ReportTable
        head={[t('columns.pupil'), t('columns.category'), ...r.subjects.map((s) => localName(s.subject, locale))]}
      >
        {r.pupils.map((p) => (
          <Table.Tr key={p.studentId}>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{t(`categories.${p.category}`)}</Table.Td>
            {r.subjects.map((s) => (
              <Table.Td key={s.subjectId}>{gradeLabel(p.grades[String(s.subjectId)])}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </ReportTable>
    </Stack>
  );
}
