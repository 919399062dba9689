import type { Lesson, Timetable } from '@common/schemas/timetable.js';
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictKey, conflictsOf, type LessonAction, useLessonAction, useLessonChanges } from '../../api/timetable.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { PersonSelect } from '../classes/PersonSelect.js';
import { formatDate, formatDateTime } from '../people/format.js';

export type LessonDialog = 'cancel' | 'restore' | 'substitute' | 'room' | 'move' | 'history';

/**
 * The one-off changes of a lesson, each in a small dialog with an optional note: cancel, restore, substitute
 * teacher, another room, another date or lesson. A refused change (a clash) shows the server's reasons.
 */
export function LessonActionModal({
  lesson,
  dialog,
  timetable,
  onClose,
}: {
  lesson: Lesson;
  dialog: Exclude<LessonDialog, 'history'>;
  timetable: Timetable;
  onClose: () => void;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const action = useLessonAction();
  const [note, setNote] = useState('');
  const [teacherId, setTeacherId] = useState<number | null>(lesson.substitute?.personId ?? null);
  const [roomId, setRoomId] = useState<number | null>(lesson.roomId);
  const [date, setDate] = useState(lesson.date);
  const [shift, setShift] = useState(lesson.shift);
  const [lessonNumber, setLessonNumber] = useState(lesson.lessonNumber);

  const body = (): LessonAction => {
    const n = note.trim() || undefined;
    switch (dialog) {
      case 'cancel':
        return { kind: 'cancel', note: n };
      case 'restore':
        return { kind: 'restore', note: n };
      case 'substitute':
        return { kind: 'substitute', teacherPersonId: teacherId, note: n };
      case 'room':
        return { kind: 'room', roomId, note: n };
      case 'move':
        return { kind: 'move', date, shift, lessonNumber, note: n };
    }
  };
  const submit = () =>
    action.mutate(
      { id: lesson.id, action: body() },
      {
        onSuccess: () => {
          notifySuccess(t(`lessons.done.${dialog}`));
          onClose();
        },
      },
    );
  const conflicts = conflictsOf(action.error);
  const numbers = timetable.bells.filter((b) => b.shift === shift);

  return (
    <Modal opened onClose={onClose} title={t(`lessons.dialog.${dialog}`)} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {localName(lesson.subject, locale)} · {lesson.classLabel} · {formatDate(lesson.date, locale)},{' '}
          {t('lessonNumber', { n: lesson.lessonNumber })}
        </Text>
        {dialog === 'substitute' && (
          <PersonSelect
            label={t('lessons.substituteTeacher')}
            profile="school_employee"
            value={teacherId}
            valueLabel={lesson.substitute?.name ?? null}
            onChange={setTeacherId}
            clearable
            placeholder={t('lessons.noSubstitute')}
            data-testid="lesson-substitute-select"
          />
        )}
        {dialog === 'room' && (
          <NativeSelect
            label={t('lessons.room')}
            value={roomId === null ? '' : String(roomId)}
            onChange={(e) => setRoomId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            data={[
              { value: '', label: t('weekly.noRoom') },
              ...timetable.rooms
                .filter((r) => !r.archived || r.id === lesson.roomId)
                .map((r) => ({ value: String(r.id), label: r.name })),
            ]}
            data-testid="lesson-room-select"
          />
        )}
        {dialog === 'move' && (
          <Group grow wrap="wrap">
            <TextInput
              type="date"
              label={t('lessons.date')}
              value={date}
              min={timetable.year.startsOn}
              max={timetable.year.endsOn}
              onChange={(e) => setDate(e.currentTarget.value)}
              data-testid="lesson-move-date"
            />
            {timetable.year.shifts > 1 && (
              <NativeSelect
                label={t('lessons.shift')}
                value={String(shift)}
                onChange={(e) => setShift(Number(e.currentTarget.value))}
                data={Array.from({ length: timetable.year.shifts }, (_, i) => ({
                  value: String(i + 1),
                  label: t('shift', { shift: i + 1 }),
                }))}
              />
            )}
            <NativeSelect
              label={t('lessons.lessonNumber')}
              value={String(lessonNumber)}
              onChange={(e) => setLessonNumber(Number(e.currentTarget.value))}
              data={numbers.map((b) => ({ value: String(b.lessonNumber), label: `${b.lessonNumber} · ${b.startsAt}` }))}
              data-testid="lesson-move-number"
            />
          </Group>
        )}
        <Textarea
          label={t('lessons.note')}
          value={note}
          maxLength={500}
          autosize
          minRows={2}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="lesson-note"
        />
        {action.error && (
          <Alert color="red" data-testid="lesson-action-error">
            <Text size="sm">{errorMessage(action.error)}</Text>
            {conflicts.length > 0 && (
              <List size="sm" mt={4}>
                {conflicts.map((c) => (
                  <List.Item key={conflictKey(c)}>{c.message}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('lessons.close')}
          </Button>
          <Button
            color={dialog === 'cancel' ? 'red' : undefined}
            loading={action.isPending}
            onClick={submit}
            data-testid="lesson-action-submit"
          >
            {t(`lessons.submit.${dialog}`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** What happened to a lesson, oldest first, with who did it and the note. */
export function LessonHistoryModal({ lesson, onClose }: { lesson: Lesson; onClose: () => void }) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const history = useLessonChanges(lesson.id);
  const describe = (kind: string, after: Record<string, unknown>) => {
    if (kind === 'move' && typeof after.date === 'string') {
      return t('history.move', { date: formatDate(after.date, locale), n: after.lessonNumber });
    }
    return t(`history.${kind}`);
  };
  return (
    <Modal opened onClose={onClose} title={t('lessons.dialog.history')} centered>
      {history.isPending ? (
        <PageLoader />
      ) : history.error ? (
        <PageError error={history.error} />
      ) : history.data.items.length === 0 ? (
        <Text c="dimmed">{t('history.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} data-testid="lesson-history">
          {history.data.items.map((c) => (
            <Timeline.Item key={c.id} title={describe(c.kind, c.after)}>
              <Text size="xs" c="dimmed">
                {formatDateTime(c.at, locale)}
                {c.actor ? ` · ${c.actor.name}` : ''}
              </Text>
              {c.note && (
                <Text size="sm" fs="italic">
                  {c.note}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Modal>
  );
}
