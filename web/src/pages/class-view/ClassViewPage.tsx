import { Alert, Anchor, Badge, Group, NativeSelect, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useClassView } from '../../api/class-view.js';
import { useCurrentMe } from '../../api/me.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { schoolToday } from '../timetable/week.js';
import { AtRiskTab } from './AtRiskTab.js';
import { DayTab } from './DayTab.js';
import { periodLabel } from './labels.js';
import { OverviewTab } from './OverviewTab.js';

const TABS = ['overview', 'atRisk', 'day'] as const;
type Tab = (typeof TABS)[number];

/** /class-view/:classId — the class across subjects (?periodId=, ?tab=, ?date= keep the state in the URL). */
export default function ClassViewPage() {
  const { t } = useTranslation('classView');
  const me = useCurrentMe();
  const classId = Number(useParams().classId);
  const [params, setParams] = useSearchParams();
  const periodId = params.get('periodId') ? Number(params.get('periodId')) : null;
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';
  const date = params.get('date') ?? schoolToday();
  const view = useClassView(classId, periodId);
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  if (!me.capabilities.useJournal) return <NoAccess />;
  if (view.isPending) return <PageLoader />;
  if (view.error) return <PageError error={view.error} onRetry={() => void view.refetch()} />;
  const v = view.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/class-view" size="sm">
        ← {t('page.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Title order={2}>{t('page.title', { label: v.class.label })}</Title>
          {v.class.classTeacherName && (
            <Text size="sm" c="dimmed">
              {t('list.classTeacher', { name: v.class.classTeacherName })}
            </Text>
          )}
        </Stack>
        <Group gap="sm" align="flex-end">
          <Badge
            size="lg"
            variant="light"
            color={v.summary.atRisk > 0 ? 'red' : 'green'}
            data-testid="cv-summary"
            data-at-risk={v.summary.atRisk}
          >
            {t('page.summary', { atRisk: v.summary.atRisk, students: v.summary.students })}
          </Badge>
          {tab !== 'day' && (
            <NativeSelect
              label={t('page.period')}
              value={String(v.period.id)}
              onChange={(e) => set('periodId', e.currentTarget.value)}
              data={v.periods.map((p) => ({ value: String(p.id), label: periodLabel(t, p) }))}
              data-testid="cv-period"
            />
          )}
        </Group>
      </Group>
      {v.period.closed && tab !== 'day' && (
        <Alert color="gray" icon={<IconLock />} py="xs">
          {t('page.closed')}
        </Alert>
      )}
      <Tabs value={tab} onChange={(value) => set('tab', value === 'overview' ? null : value)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`cv-tab-${k}`}>
              {t(`page.tabs.${k}`)}
              {k === 'atRisk' && v.summary.atRisk > 0 && ` (${v.summary.atRisk})`}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="sm">
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('page.asOf', { date: v.asOf })}
            </Text>
            <OverviewTab view={v} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="atRisk" pt="sm">
          <AtRiskTab view={v} />
        </Tabs.Panel>
        <Tabs.Panel value="day" pt="sm">
          <DayTab classId={classId} date={date} onDate={(d) => set('date', d)} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
