import { Anchor, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RangeParams, useAttendanceSummary, useClassAttendance } from '../../api/reports.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { ExportButtons, ReportTable } from './ReportParts.js';

/** §3: full days and lessons missed (of which illness) and lates, per class and per pupil, for a period or dates. */
export function AttendanceTab({ periodId, startsOn, endsOn }: { periodId: number; startsOn: string; endsOn: string }) {
  const { t } = useTranslation('reports');
  const [mode, setMode] = useState<'period' | 'dates'>('period');
  const [from, setFrom] = useState(startsOn);
  const [to, setTo] = useState(endsOn);
  const [classId, setClassId] = useState<number | null>(null);
  const datesValid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const range: RangeParams | null = mode === 'period' ? { periodId } : datesValid ? { from, to } : null;
  const summary = useAttendanceSummary(classId === null ? range : null);
  const cls = useClassAttendance(classId, range);
  const nums = (c: { days: number; sickDays: number; lessons: number; sickLessons: number; lates: number }) =>
    (['days', 'sickDays', 'lessons', 'sickLessons', 'lates'] as const).map((k) => <Table.Td key={k}>{c[k]}</Table.Td>);
  const numHead = ['days', 'sickDays', 'lessons', 'sickLessons', 'lates'].map((k) => t(`columns.${k}`));

  const picker = (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        value={mode}
        onChange={(v) => setMode(v as 'period' | 'dates')}
        data={[
          { value: 'period', label: t('page.byPeriod') },
          { value: 'dates', label: t('page.byDates') },
        ]}
        data-testid="reports-attendance-mode"
      />
      {mode === 'dates' && (
        <>
          <TextInput type="date" label={t('page.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label={t('page.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </>
      )}
    </Group>
  );

  if (classId !== null) {
    return (
      <Stack gap="sm" data-testid="reports-class-attendance">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconArrowLeft size={14} />}
          onClick={() => setClassId(null)}
          w="fit-content"
        >
          {t('page.back')}
        </Button>
        {picker}
        {cls.isPending ? (
          <PageLoader />
        ) : cls.error ? (
          <PageError error={cls.error} onRetry={() => void cls.refetch()} />
        ) : (
          <>
            <Group justify="space-between">
              <Title order={3}>{cls.data.label}</Title>
              <ExportButtons what="attendance" params={range && { ...range, classId }} />
            </Group>
            <ReportTable head={[t('columns.pupil'), ...numHead]}>
              {cls.data.pupils.map((p) => (
                <Table.Tr key={p.studentId}>
                  <Table.Td>{p.name}</Table.Td>
                  {nums(p)}
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td>{t('total')}</Table.Td>
                {nums(cls.data.total)}
              </Table.Tr>
            </ReportTable>
          </>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        {picker}
        <ExportButtons what="attendance" params={range} />
      </Group>
      {range === null ? null : summary.isPending ? (
        <PageLoader />
      ) : summary.error ? (
        <PageError error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.classes.length === 0 ? (
        <Text c="dimmed">{t('page.noClasses')}</Text>
      ) : (
        <ReportTable testId="reports-attendance-summary" head={[t('columns.class'), t('columns.pupils'), ...numHead]}>
          {summary.data.classes.map((c) => (
            <Table.Tr key={c.classId}>
              <Table.Td>
                <Anchor component="button" type="button" onClick={() => setClassId(c.classId)}>
                  {c.label}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.pupils}</Table.Td>
              {nums(c)}
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('total')}</Table.Td>
            <Table.Td>{summary.data.total.pupils}</Table.Td>
            {nums(summary.data.total)}
          </Table.Tr>
        </ReportTable>
      )}
    </Stack>
  );
}
