import { Alert, Anchor, Badge, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArchive, IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useClass } from '../../api/classes.js';
import { useCurrentMe } from '../../api/me.js';
import { useSchoolYears } from '../../api/school-year.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { fullName } from '../people/format.js';
import { AssignmentsSection } from './AssignmentsSection.js';
import { ClassFormModal } from './ClassFormModal.js';
import { languageLabel } from './labels.js';
import { RosterSection } from './RosterSection.js';
import { SubgroupsSection } from './SubgroupsSection.js';

/**
 * /classes/:id — one class: its students (add from the school's students, move to another class, leave), its
 * sub-groups and who teaches it what. Administrators change it while its year is open; staff read it.
 */
export default function ClassPage() {
  const { t } = useTranslation('classes');
  const me = useCurrentMe();
  const id = Number(useParams().id) || null;
  const [params] = useSearchParams();
  const cls = useClass(id);
  const years = useSchoolYears();
  const [editing, setEditing] = useState(false);

  if (!me.capabilities.readSchool) return <NoAccess />;
  if (cls.isPending) return <PageLoader />;
  if (cls.error) return <PageError error={cls.error} onRetry={() => void cls.refetch()} />;

  const c = cls.data;
  const canManage = me.capabilities.manageSchool && !c.yearClosed;
  const year = years.data?.items.find((y) => y.id === c.yearId);
  const back = `/classes?year=${params.get('year') ?? c.yearId}`;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={back} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('class.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={2} data-testid="class-title">
              {c.name}
            </Title>
            <Badge variant="light" tt="none">
              {languageLabel(t, c.language)}
            </Badge>
            {year && (
              <Text size="sm" c="dimmed">
                {year.name}
              </Text>
            )}
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="class-teacher-name">
            {t('class.teacher')}: {c.classTeacher ? fullName(c.classTeacher) : t('list.noTeacher')} ·{' '}
            {t('list.shift', { shift: c.shift })}
          </Text>
        </Stack>
        {canManage && (
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            onClick={() => setEditing(true)}
            data-testid="class-edit"
          >
            {t('class.edit')}
          </Button>
        )}
      </Group>

      {c.yearClosed && (
        <Alert color="gray" icon={<IconArchive />} data-testid="year-closed-note">
          {t('closedYear')}
        </Alert>
      )}
      {c.warnings.map((w) => (
        <Alert key={w.code} color="orange" icon={<IconAlertTriangle />} data-testid="class-warning">
          {w.message}
        </Alert>
      ))}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {/* Rosters are for staff; students and parents see the class without its list of names. */}
        {me.capabilities.listPeople && <RosterSection cls={c} canManage={canManage} />}
        <Stack gap="md">
          <SubgroupsSection cls={c} canManage={canManage} />
          <AssignmentsSection cls={c} canManage={canManage} />
        </Stack>
      </SimpleGrid>

      <ClassFormModal
        opened={editing}
        onClose={() => setEditing(false)}
        yearId={c.yearId}
        shifts={year?.shifts ?? 3}
        editing={c}
      />
    </Stack>
  );
}
