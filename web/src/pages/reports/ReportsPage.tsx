import { Group, NativeSelect, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { useSchoolYear, useSchoolYears } from '../../api/school-year.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { AttendanceTab } from './AttendanceTab.js';
import { FillInTab } from './FillInTab.js';
import { PerformanceTab } from './PerformanceTab.js';

/** The period screens open on: the one running today, else the latest that has started, else the first. */
function defaultPeriod(periods: { id: number; startsOn: string; endsOn: string; kind: string }[], today: string) {
  const quarters = periods.filter((p) => p.kind === 'quarter');
  const list = quarters.length > 0 ? quarters : periods;
  return (
    list.find((p) => p.startsOn <= today && today <= p.endsOn) ??
    [...list].reverse().find((p) => p.startsOn <= today) ??
    list[0]
  );
}

/** /reports — the school administrator's performance, attendance and fill-in reports (issue 5 §5). */
export default function ReportsPage() {
  const { t } = useTranslation('reports');
  const me = useCurrentMe();
  const years = useSchoolYears();
  const [yearId, setYearId] = useState<number | null>(null);
  const activeYear = yearId ?? years.data?.currentYearId ?? years.data?.items[0]?.id ?? null;
  const year = useSchoolYear(activeYear);
  const [periodId, setPeriodId] = useState<number | null>(null);
  const [tab, setTab] = useState<string | null>('performance');

  if (!me.capabilities.readReports) return <NoAccess />;
  if (years.isPending || (activeYear !== null && year.isPending)) return <PageLoader />;
  if (years.error) return <PageError error={years.error} onRetry={() => void years.refetch()} />;
  if (activeYear === null || !year.data) return <EmptyPage title={t('page.noYear')} />;
  const periods = year.data.periods;
  const today = new Date().toISOString().slice(0, 10);
  const period = periods.find((p) => p.id === periodId) ?? defaultPeriod(periods, today);
  const label = (p: { kind: string; number: number }) => t(`period.${p.kind}`, { number: p.number });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 260px' }}>
          <Title order={2}>{t('page.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('page.intro')}
          </Text>
        </Stack>
        <Group gap="sm" wrap="wrap">
          {(years.data?.items.length ?? 0) > 1 && (
            <NativeSelect
              label={t('page.year')}
              value={String(activeYear)}
              onChange={(e) => {
                setYearId(Number(e.currentTarget.value));
                setPeriodId(null);
              }}
              data={(years.data?.items ?? []).map((y) => ({ value: String(y.id), label: y.name }))}
              data-testid="reports-year"
            />
          )}
          <NativeSelect
            label={t('page.period')}
            value={period ? String(period.id) : ''}
            onChange={(e) => setPeriodId(Number(e.currentTarget.value))}
            data={periods.map((p) => ({ value: String(p.id), label: label(p) }))}
            data-testid="reports-period"
          />
        </Group>
      </Group>
      {!period ? (
        <EmptyPage title={t('page.noYear')} />
      ) : (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="performance" data-testid="reports-tab-performance">
              {t('page.tabs.performance')}
            </Tabs.Tab>
            <Tabs.Tab value="attendance" data-testid="reports-tab-attendance">
              {t('page.tabs.attendance')}
            </Tabs.Tab>
            <Tabs.Tab value="fillIn" data-testid="reports-tab-fill-in">
              {t('page.tabs.fillIn')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="performance" pt="md">
            <PerformanceTab key={period.id} periodId={period.id} />
          </Tabs.Panel>
          <Tabs.Panel value="attendance" pt="md">
            <AttendanceTab key={period.id} periodId={period.id} startsOn={period.startsOn} endsOn={period.endsOn} />
          </Tabs.Panel>
          <Tabs.Panel value="fillIn" pt="md">
            <FillInTab periodId={period.id} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
