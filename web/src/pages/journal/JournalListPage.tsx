import type { JournalAssignment } from '@common/schemas/journal.js';
import { Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useJournalAssignments } from '../../api/journal.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';

function AssignmentCard({ a, showTeacher }: { a: JournalAssignment; showTeacher: boolean }) {
  const { t } = useTranslation('journal');
  const locale = useLocale();
  const mode = a.assessmentMode;
  return (
    <UnstyledButton
      component={Link}
      to={`/journal/${a.id}`}
      data-testid={`journal-assignment-${a.id}`}
      style={{ display: 'block' }}
    >
      <Card withBorder radius="md" padding="sm" h="100%">
        <Stack gap={4}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {localName(a.subject, locale)}
          </Text>
          {a.subgroupName && (
            <Text size="sm" c="dimmed">
              {t('list.subgroup', { name: a.subgroupName })}
            </Text>
          )}
          {showTeacher && (
            <Text size="xs" c="dimmed">
              {a.teacherName}
            </Text>
          )}
          <Group gap={4}>
            {mode.mode !== 'graded' && (
              <Badge size="xs" variant="light" color="gray">
                {t(`list.modes.${mode.mode}`)}
              </Badge>
            )}
            {mode.periodKind === 'half_year' && (
              <Badge size="xs" variant="light" color="gray">
                {t('list.halfYear')}
              </Badge>
            )}
            {mode.mode === 'graded' && !mode.hasTermSummative && (
              <Badge size="xs" variant="light" color="gray">
                {t('list.noSoch')}
              </Badge>
            )}
          </Group>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}

/** /journal — the journals the signed-in person keeps (administrators: every class, with a class filter). */
export default function JournalListPage() {
  const { t } = useTranslation('journal');
  const me = useCurrentMe();
  const isAdmin = me.capabilities.manageJournal;
  const [classId, setClassId] = useState<number | undefined>(undefined);
  const list = useJournalAssignments(classId);
  // The class filter lists the classes of the unfiltered answer (kept while a filter is on).
  const [classes, setClasses] = useState<{ id: number; label: string }[]>([]);
  const items = list.data?.items ?? [];
  if (classId === undefined && items.length > 0) {
    const seen = new Map(items.map((a) => [a.classId, a.classLabel]));
    if (seen.size !== classes.length) setClasses([...seen].map(([id, label]) => ({ id, label })));
  }

  if (!me.capabilities.useJournal) return <NoAccess />;
  const byClass = new Map<number, JournalAssignment[]>();
  for (const a of items) byClass.set(a.classId, [...(byClass.get(a.classId) ?? []), a]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('list.title')}</Title>
          <Text size="sm" c="dimmed">
            {isAdmin ? t('list.adminIntro') : t('list.intro')}
          </Text>
        </Stack>
        {isAdmin && classes.length > 0 && (
          <NativeSelect
            label={t('list.classFilter')}
            value={classId === undefined ? '' : String(classId)}
            onChange={(e) => setClassId(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
            data={[
              { value: '', label: t('list.allClasses') },
              ...classes.map((c) => ({ value: String(c.id), label: c.label })),
            ]}
            data-testid="journal-class-filter"
          />
        )}
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <PageError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyPage title={t('list.empty')} />
      ) : (
        [...byClass].map(([id, group]) => (
          <Stack key={id} gap="xs" data-testid={`journal-class-${id}`}>
            <Title order={4}>{group[0]?.classLabel}</Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              {group.map((a) => (
                <AssignmentCard key={a.id} a={a} showTeacher={isAdmin || a.teacherPersonId !== me.personId} />
              ))}
            </SimpleGrid>
          </Stack>
        ))
      )}
    </Stack>
  );
}
