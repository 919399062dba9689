import type { Assignment } from '@common/schemas/classes.js';
import { ActionIcon, Badge, Button, Card, Group, Modal, NativeSelect, Select, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClassDetail, useCreateAssignment, useDeleteAssignment } from '../../api/classes.js';
import { useSubjects } from '../../api/subjects.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { ConfirmModal } from '../people/ConfirmModal.js';
import { fullName } from '../people/format.js';
import { PersonSelect } from './PersonSelect.js';

function AddAssignmentModal({ cls, opened, onClose }: { cls: ClassDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const subjects = useSubjects(false, opened);
  const create = useCreateAssignment();
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [teacher, setTeacher] = useState<number | null>(null);
  const [subgroup, setSubgroup] = useState('');
  useEffect(() => {
    if (!opened) return;
    setSubjectId(null);
    setTeacher(null);
    setSubgroup('');
  }, [opened]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!subjectId || teacher === null) return;
    create.mutate(
      {
        classId: cls.id,
        subjectId: Number(subjectId),
        teacherPersonId: teacher,
        subgroupId: subgroup ? Number(subgroup) : null,
      },
      {
        onSuccess: () => {
          notifySuccess(t('assignments.saved'));
          onClose();
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('assignments.add')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label={t('assignments.subject')}
            searchable
            data={(subjects.data?.items ?? []).map((s) => ({ value: String(s.id), label: localName(s, locale) }))}
            value={subjectId}
            onChange={setSubjectId}
            nothingFoundMessage={t('assignments.noSubjects')}
            comboboxProps={{ withinPortal: true }}
            required
            data-testid="assignment-subject"
          />
          <PersonSelect
            label={t('assignments.teacher')}
            profile="school_employee"
            value={teacher}
            onChange={setTeacher}
            data-testid="assignment-teacher"
          />
          <NativeSelect
            label={t('assignments.subgroup')}
            data={[
              { value: '', label: t('assignments.wholeClass') },
              ...cls.subgroups.map((g) => ({ value: String(g.id), label: g.name })),
            ]}
            value={subgroup}
            onChange={(e) => setSubgroup(e.currentTarget.value)}
            data-testid="assignment-subgroup"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button
              type="submit"
              disabled={!subjectId || teacher === null}
              loading={create.isPending}
              data-testid="assignment-submit"
            >
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Who teaches what in this class: subject × teacher × (whole class or a sub-group). */
export function AssignmentsSection({ cls, canManage }: { cls: ClassDetail; canManage: boolean }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const remove = useDeleteAssignment();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Assignment | null>(null);
  // By subject name in the reader's alphabet (Kazakh puts «Қ» after «К», not after «Я»), then sub-group.
  const collator = new Intl.Collator(locale);
  const assignments = [...cls.assignments].sort(
    (a, b) =>
      collator.compare(localName(a.subjectName, locale), localName(b.subjectName, locale)) ||
      collator.compare(a.subgroupName ?? '', b.subgroupName ?? '') ||
      a.id - b.id,
  );
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={4}>{t('assignments.title')}</Title>
          {canManage && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setAdding(true)}
              data-testid="assignment-add"
            >
              {t('assignments.add')}
            </Button>
          )}
        </Group>
        {cls.assignments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('assignments.empty')}
          </Text>
        )}
        <Stack gap={0} data-testid="assignments">
          {assignments.map((a, i) => (
            <Group
              key={a.id}
              justify="space-between"
              gap="xs"
              wrap="nowrap"
              py={6}
              style={{ borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined }}
              data-testid={`assignment-${a.id}`}
            >
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {localName(a.subjectName, locale)}
                  </Text>
                  {a.subgroupName && (
                    <Badge size="xs" variant="light" tt="none">
                      {a.subgroupName}
                    </Badge>
                  )}
                  {a.timetableEntryCount > 0 && (
                    <Badge size="xs" color="gray" variant="light" tt="none">
                      {t('assignments.inTimetable')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {fullName(a.teacher)}
                </Text>
              </Stack>
              {canManage && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('assignments.remove')}
                  onClick={() => setRemoving(a)}
                  data-testid={`assignment-remove-${a.id}`}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
      </Stack>
      <AddAssignmentModal cls={cls} opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal
        opened={removing !== null}
        title={t('assignments.remove')}
        text={
          removing
            ? t('assignments.removeConfirm', {
                teacher: fullName(removing.teacher),
                subject: localName(removing.subjectName, locale),
              })
            : ''
        }
        confirmLabel={t('assignments.remove')}
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifySuccess(t('assignments.removed'));
              setRemoving(null);
            },
            onError: notifyError,
          })
        }
      />
    </Card>
  );
}
