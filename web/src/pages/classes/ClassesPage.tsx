import type { ClassSummary } from '@common/schemas/classes.js';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconArchive, IconPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useClasses } from '../../api/classes.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { fullName } from '../people/format.js';
import { ClassFormModal } from './ClassFormModal.js';
import { gradeLabel, languageLabel } from './labels.js';
import { useYearParam, YearPicker } from './yearParam.js';

function ClassCard({ c, yearParam }: { c: ClassSummary; yearParam: string }) {
  const { t } = useTranslation('classes');
  return (
    <UnstyledButton
      component={Link}
      to={`/classes/${c.id}${yearParam}`}
      data-testid={`class-card-${c.id}`}
      style={{ display: 'block' }}
    >
      <Card withBorder radius="md" padding="sm" h="100%">
        <Stack gap={4}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text fw={700} size="lg" data-testid="class-name">
              {c.name}
            </Text>
            <Badge variant="light" tt="none">
              {languageLabel(t, c.language)}
            </Badge>
          </Group>
          <Group gap={6} wrap="wrap">
            <IconUsers size={14} />
            <Text size="sm" data-testid="class-count">
              {t('list.students', { n: c.studentCount })}
            </Text>
            {c.overCapacity && (
              <Badge color="orange" leftSection={<IconAlertTriangle size={12} />} data-testid="class-over-capacity">
                {t('list.overCapacity')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('list.shift', { shift: c.shift })} · {c.classTeacher ? fullName(c.classTeacher) : t('list.noTeacher')}
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}

/**
 * /classes — the school's classes of a year, by grade, with their size (above 25 a warning badge: the sanitary
 * rules' figure, never a refusal). Administrators create classes here.
 */
export default function ClassesPage() {
  const { t } = useTranslation('classes');
  const me = useCurrentMe();
  const navigate = useNavigate();
  const { years, items, yearId, year, setYear } = useYearParam();
  const classes = useClasses(yearId, yearId !== null);
  const [creating, setCreating] = useState(false);

  if (!me.capabilities.readSchool) return <NoAccess />;
  const canManage = me.capabilities.manageSchool && year?.status === 'active';
  const yearParam = yearId ? `?year=${yearId}` : '';

  const byGrade = new Map<number, ClassSummary[]>();
  for (const c of classes.data?.items ?? []) byGrade.set(c.grade, [...(byGrade.get(c.grade) ?? []), c]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('list.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('list.intro')}
          </Text>
        </Stack>
        {canManage && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)} data-testid="class-create">
            {t('list.create')}
          </Button>
        )}
      </Group>

      {years.isPending ? (
        <PageLoader />
      ) : years.error ? (
        <PageError error={years.error} onRetry={() => void years.refetch()} />
      ) : items.length === 0 ? (
        <EmptyPage title={t('noYear.title')} text={t('noYear.text')}>
          <Button component={Link} to="/school-year" variant="light">
            {t('noYear.link')}
          </Button>
        </EmptyPage>
      ) : (
        <>
          <YearPicker items={items} yearId={yearId} onChange={setYear} />
          {year?.status === 'closed' && (
            <Alert color="gray" icon={<IconArchive />} data-testid="year-closed-note">
              {t('closedYear')}
            </Alert>
          )}
          {classes.isPending ? (
            <PageLoader />
          ) : classes.error ? (
            <PageError error={classes.error} onRetry={() => void classes.refetch()} />
          ) : classes.data.items.length === 0 ? (
            <EmptyPage title={t('list.empty.title')} text={t('list.empty.text')} />
          ) : (
            <Stack gap="md" data-testid="class-list">
              {[...byGrade.entries()].map(([grade, list]) => (
                <Stack key={grade} gap="xs">
                  <Title order={4}>{gradeLabel(t, grade)}</Title>
                  <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
                    {list.map((c) => (
                      <ClassCard key={c.id} c={c} yearParam={yearParam} />
                    ))}
                  </SimpleGrid>
                </Stack>
              ))}
            </Stack>
          )}
        </>
      )}

      {yearId !== null && (
        <ClassFormModal
          opened={creating}
          onClose={() => setCreating(false)}
          yearId={yearId}
          shifts={year?.shifts ?? 1}
          onSaved={(id) => navigate(`/classes/${id}${yearParam}`)}
        />
      )}
    </Stack>
  );
}
