import { LEAVE_REASONS, type RosterEntry } from '@common/schemas/classes.js';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Menu,
  Modal,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconDoorExit, IconDots, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClassDetail, type EnrollResult, useClasses, useEnroll, useLeaveClass } from '../../api/classes.js';
import { useCurrentMe } from '../../api/me.js';
import { usePersons } from '../../api/persons.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import i18n, { useLocale } from '../../i18n.js';
import { formatDate, fullName, todayInKazakhstan } from '../people/format.js';

/** After an enrolment: what happened, and the over-capacity warning (never a refusal) in orange. */
function announce(result: EnrollResult) {
  const parts = [i18n.t('classes:add.done', { n: result.enrolled.length })];
  if (result.moved.length > 0) parts.push(i18n.t('classes:add.moved', { n: result.moved.length }));
  if (result.unchanged.length > 0) parts.push(i18n.t('classes:add.unchanged', { n: result.unchanged.length }));
  notifySuccess(parts.join(' · '));
  for (const w of result.warnings) notifications.show({ color: 'orange', message: w.message, autoClose: 10000 });
}

function AddStudentsModal({ cls, opened, onClose }: { cls: ClassDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('classes');
  const me = useCurrentMe();
  const enroll = useEnroll();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [chosen, setChosen] = useState<Map<number, string>>(new Map());
  const [startsOn, setStartsOn] = useState('');
  const people = usePersons(
    { profile: 'student', institutionId: me.context?.institutionId, q: q.trim() || undefined, limit: 50 },
    opened,
  );
  useEffect(() => {
    if (!opened) return;
    setSearch('');
    setChosen(new Map());
    setStartsOn('');
  }, [opened]);
  const inClass = new Set(cls.roster.map((r) => r.personId));
  const toggle = (id: number, name: string) =>
    setChosen((prev) => {
      const next = new Map(prev);
      if (next.has(id)) next.delete(id);
      else next.set(id, name);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    enroll.mutate(
      { classId: cls.id, personIds: [...chosen.keys()], ...(startsOn ? { startsOn } : {}) },
      {
        onSuccess: (result) => {
          announce(result);
          onClose();
        },
        onError: notifyError,
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('add.title', { name: cls.name })} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            aria-label={t('add.search')}
            placeholder={t('add.search')}
            leftSection={<IconSearch size={16} />}
            rightSection={people.isFetching ? <Loader size={14} /> : null}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="add-students-search"
          />
          <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars>
            <Stack gap={6} data-testid="add-students-results">
              {(people.data?.items ?? []).map((p) => {
                const name = fullName(p);
                const already = inClass.has(p.id);
                return (
                  <Checkbox
                    key={p.id}
                    label={already ? `${name} (${t('add.alreadyHere')})` : name}
                    checked={already || chosen.has(p.id)}
                    disabled={already}
                    onChange={() => toggle(p.id, name)}
                    data-testid={`add-student-${p.id}`}
                  />
                );
              })}
              {people.data && people.data.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('add.nothingFound')}
                </Text>
              )}
            </Stack>
          </ScrollArea.Autosize>
          {chosen.size > 0 && (
            <Group gap={4}>
              {[...chosen.entries()].map(([id, name]) => (
                <Badge key={id} variant="light" tt="none">
                  {name}
                </Badge>
              ))}
            </Group>
          )}
          <TextInput
            type="date"
            label={t('add.startsOn')}
            description={t('add.startsOnHint')}
            value={startsOn}
            onChange={(e) => setStartsOn(e.currentTarget.value)}
            maw={220}
            data-testid="add-students-date"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button
              type="submit"
              disabled={chosen.size === 0}
              loading={enroll.isPending}
              data-testid="add-students-submit"
            >
              {t('add.submit', { n: chosen.size })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MoveModal({ cls, student, onClose }: { cls: ClassDetail; student: RosterEntry | null; onClose: () => void }) {
  const { t } = useTranslation('classes');
  const classes = useClasses(cls.yearId, student !== null);
  const enroll = useEnroll();
  const [target, setTarget] = useState('');
  const [startsOn, setStartsOn] = useState('');
  useEffect(() => {
    if (!student) return;
    setTarget('');
    setStartsOn(todayInKazakhstan());
  }, [student]);
  const others = (classes.data?.items ?? []).filter((c) => c.id !== cls.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!student || !target) return;
    enroll.mutate(
      { classId: Number(target), personIds: [student.personId], ...(startsOn ? { startsOn } : {}) },
      {
        onSuccess: (result) => {
          announce(result);
          onClose();
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Modal opened={student !== null} onClose={onClose} title={t('move.title')} centered>
      {student && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{fullName(student)}</Text>
            <NativeSelect
              label={t('move.target')}
              data={[{ value: '', label: '—' }, ...others.map((c) => ({ value: String(c.id), label: c.name }))]}
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
              data-testid="move-target"
            />
            <TextInput
              type="date"
              label={t('move.startsOn')}
              description={t('move.startsOnHint')}
              value={startsOn}
              onChange={(e) => setStartsOn(e.currentTarget.value)}
              data-testid="move-date"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" disabled={!target} loading={enroll.isPending} data-testid="move-submit">
                {t('move.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function LeaveModal({ cls, student, onClose }: { cls: ClassDetail; student: RosterEntry | null; onClose: () => void }) {
  const { t } = useTranslation('classes');
  const leave = useLeaveClass(cls.id);
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState<(typeof LEAVE_REASONS)[number]>('left_school');
  useEffect(() => {
    if (!student) return;
    setEndsOn(todayInKazakhstan());
    setReason('left_school');
  }, [student]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!student) return;
    leave.mutate(
      { personId: student.personId, reason, ...(endsOn ? { endsOn } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('leave.done'));
          onClose();
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Modal opened={student !== null} onClose={onClose} title={t('leave.title')} centered>
      {student && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{fullName(student)}</Text>
            <TextInput
              type="date"
              label={t('leave.endsOn')}
              value={endsOn}
              onChange={(e) => setEndsOn(e.currentTarget.value)}
              data-testid="leave-date"
            />
            <NativeSelect
              label={t('leave.reason')}
              data={LEAVE_REASONS.map((r) => ({ value: r, label: t(`leave.reasons.${r}`) }))}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as (typeof LEAVE_REASONS)[number])}
              data-testid="leave-reason"
            />
            <Text size="xs" c="dimmed">
              {t('leave.note')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" color="red" loading={leave.isPending} data-testid="leave-submit">
                {t('leave.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** The class's students on the day shown (and those joining later), with add, move and leave for administrators. */
export function RosterSection({ cls, canManage }: { cls: ClassDetail; canManage: boolean }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const [adding, setAdding] = useState(false);
  const [moving, setMoving] = useState<RosterEntry | null>(null);
  const [leaving, setLeaving] = useState<RosterEntry | null>(null);

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={4}>{t('roster.title', { n: cls.studentCount })}</Title>
          {canManage && (
            <Button
              size="xs"
              leftSection={<IconUserPlus size={16} />}
              onClick={() => setAdding(true)}
              data-testid="roster-add"
            >
              {t('roster.add')}
            </Button>
          )}
        </Group>
        {cls.roster.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('roster.empty')}
          </Text>
        ) : (
          <Stack gap={0} data-testid="roster">
            {cls.roster.map((r, i) => (
              <Group
                key={r.enrollmentId}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                py={6}
                style={{ borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined }}
                data-testid={`roster-row-${r.personId}`}
              >
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {i + 1}. {fullName(r)}
                  </Text>
                  {(r.startsOn > cls.on || r.endsOn) && (
                    <Text size="xs" c="dimmed">
                      {r.startsOn > cls.on
                        ? t('roster.joining', { date: formatDate(r.startsOn, locale) })
                        : t('roster.leaving', { date: formatDate(r.endsOn, locale) })}
                    </Text>
                  )}
                </Stack>
                {canManage && r.endsOn === null && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        aria-label={t('roster.actions')}
                        data-testid={`roster-actions-${r.personId}`}
                      >
                        <IconDots size={16} />
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        leftSection={<IconArrowsExchange size={16} />}
                        onClick={() => setMoving(r)}
                        data-testid="roster-move"
                      >
                        {t('roster.move')}
                      </Menu.Item>
                      <Menu.Item
                        color="red"
                        leftSection={<IconDoorExit size={16} />}
                        onClick={() => setLeaving(r)}
                        data-testid="roster-leave"
                      >
                        {t('roster.leave')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      {canManage && (
        <>
          <AddStudentsModal cls={cls} opened={adding} onClose={() => setAdding(false)} />
          <MoveModal cls={cls} student={moving} onClose={() => setMoving(null)} />
          <LeaveModal cls={cls} student={leaving} onClose={() => setLeaving(null)} />
        </>
      )}
    </Card>
  );
}
