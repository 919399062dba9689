import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { NoAccess, PageLoader } from '../../components/PageState.js';
import { useYearParam, YearPicker } from '../classes/yearParam.js';
import { AssessmentTab } from './AssessmentTab.js';
import { CurriculumTab } from './CurriculumTab.js';
import { SubjectsTab } from './SubjectsTab.js';

const TABS = ['subjects', 'curriculum', 'assessment'] as const;
type Tab = (typeof TABS)[number];

/**
 * /subjects — the school's subjects (from the national catalogue or its own), and per school year the
 * curriculum (weekly hours per grade and language of instruction) and how each subject is assessed.
 */
export default function SubjectsPage() {
  const { t } = useTranslation('classes');
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const { years, items, yearId, year, setYear } = useYearParam();
  const tabParam = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'subjects';
  if (!me.capabilities.readSchool) return <NoAccess />;
  const canManage = me.capabilities.manageSchool;

  const setTab = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('tab', value ?? 'subjects');
        return next;
      },
      { replace: true },
    );

  const perYear = (render: (id: number) => ReactNode) =>
    years.isPending ? (
      <PageLoader />
    ) : yearId === null ? (
      <Text c="dimmed">{t('noYear.text')}</Text>
    ) : (
      <Stack gap="sm">
        <YearPicker items={items} yearId={yearId} onChange={setYear} />
        {year?.status === 'closed' && (
          <Alert color="gray" icon={<IconArchive />}>
            {t('closedYear')}
          </Alert>
        )}
        {render(yearId)}
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>{t('subjects.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('subjects.intro')}
        </Text>
      </Stack>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="subjects" data-testid="tab-subjects">
            {t('tabs.subjects')}
          </Tabs.Tab>
          <Tabs.Tab value="curriculum" data-testid="tab-curriculum">
            {t('tabs.curriculum')}
          </Tabs.Tab>
          <Tabs.Tab value="assessment" data-testid="tab-assessment">
            {t('tabs.assessment')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="subjects" pt="md">
          <SubjectsTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="curriculum" pt="md">
          {perYear((id) => (
            <CurriculumTab key={id} yearId={id} canManage={canManage} />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="assessment" pt="md">
          {perYear((id) => (
            <AssessmentTab key={id} yearId={id} canManage={canManage} />
          ))}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
