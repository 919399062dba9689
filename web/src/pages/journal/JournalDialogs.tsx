import type { HomeworkLimits } from '@common/schemas/homework-files.js';
import type { JournalRule, LessonColumn, WorkColumn, WorkKind } from '@common/schemas/journal.js';
import { JOURNAL_RULES } from '@common/schemas/journal.js';
import {
  Alert,
  Button,
  Group,
  List,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateWork, useDeleteWork, useMarkHistory, useSaveLesson, useUpdateWork } from '../../api/journal.js';
import { errorMessage } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { isApiError } from '../../lib/apiError.js';
import { serverFieldErrors } from '../../lib/formErrors.js';
import { formatDate, formatDateTime } from '../people/format.js';
import { HomeworkFiles } from './HomeworkFiles.js';

/** The §1.4–1.5 rules a refused work breaks (422 journal.rule), or none. */
function brokenRules(error: unknown): JournalRule[] {
  if (!isApiError(error) || error.status !== 422) return [];
  const rules = error.body.rules;
  return Array.isArray(rules)
    ? rules.filter((r): r is JournalRule => (JOURNAL_RULES as readonly unknown[]).includes(r))
    : [];
}

/**
 * Create or edit a СОр/СОч (title, maximum score, date). A refusal by the assessment rules lists each rule
 * broken; an administrator may save it anyway with a reason (recorded with the work and audited).
 */
export function WorkDialog({
  assignmentId,
  work,
  defaultDate,
  isAdmin,
  onClose,
}: {
  assignmentId: number;
  work: WorkColumn | null;
  defaultDate: string;
  isAdmin: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('journal');
  const create = useCreateWork(assignmentId);
  const update = useUpdateWork(assignmentId);
  const remove = useDeleteWork(assignmentId);
  const mutation = work ? update : create;
  const [kind, setKind] = useState<WorkKind>(work?.kind ?? 'sor');
  const [title, setTitle] = useState(work?.title ?? '');
  const [maxScore, setMaxScore] = useState<number | string>(work?.maxScore ?? 10);
  const [date, setDate] = useState(work?.date ?? defaultDate);
  const [reason, setReason] = useState('');
  const rules = brokenRules(mutation.error);
  const fields = serverFieldErrors(mutation.error);

  const submit = (override: boolean) => {
    const body = {
      title: title.trim(),
      maxScore: typeof maxScore === 'number' ? maxScore : Number(maxScore),
      date,
      ...(override ? { override: { reason: reason.trim() } } : {}),
    };
    const done = { onSuccess: onClose };
    if (work) update.mutate({ id: work.id, ...body }, done);
    else create.mutate({ kind, ...body }, done);
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={work ? t('work.editTitle') : t('work.createTitle')}
      data-testid="work-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit(false);
        }}
      >
        <Stack gap="sm">
          {!work && (
            <NativeSelect
              label={t('work.kind')}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as WorkKind)}
              data={[
                { value: 'sor', label: t('work.kindNames.sor') },
                { value: 'soch', label: t('work.kindNames.soch') },
              ]}
              data-testid="work-kind"
            />
          )}
          <TextInput
            label={t('work.title')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            required
            maxLength={200}
            error={fields.title}
            data-testid="work-title"
            data-autofocus
          />
          <NumberInput
            label={t('work.maxScore')}
            value={maxScore}
            onChange={setMaxScore}
            min={1}
            max={100}
            allowDecimal={false}
            required
            error={fields.maxScore}
            data-testid="work-max"
          />
          <TextInput
            type="date"
            label={t('work.date')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
            error={fields.date}
            data-testid="work-date"
          />
          {mutation.error && (
            <Alert color="red" icon={<IconAlertTriangle />} data-testid="work-error">
              {rules.length > 0 ? (
                <Stack gap={4}>
                  <span>{t('work.refused')}</span>
                  <List size="sm" data-testid="work-rules">
                    {rules.map((r) => (
                      <List.Item key={r} data-rule={r}>
                        {t(`work.rules.${r}`)}
                      </List.Item>
                    ))}
                  </List>
                </Stack>
              ) : (
                errorMessage(mutation.error)
              )}
            </Alert>
          )}
          {rules.length > 0 && isAdmin && (
            <Stack gap="xs">
              <Textarea
                label={t('work.overrideReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                maxLength={500}
                autosize
                minRows={2}
                data-testid="work-override-reason"
              />
              <Button
                color="orange"
                variant="light"
                disabled={reason.trim() === ''}
                loading={mutation.isPending}
                onClick={() => submit(true)}
                data-testid="work-override"
              >
                {t('work.overrideSave')}
              </Button>
            </Stack>
          )}
          {remove.error && <Alert color="red">{errorMessage(remove.error)}</Alert>}
          <Group justify="flex-end">
            {work && (
              <Button
                variant="subtle"
                color="red"
                mr="auto"
                loading={remove.isPending}
                onClick={() => remove.mutate(work.id, { onSuccess: onClose })}
                data-testid="work-delete"
              >
                {t('work.delete')}
              </Button>
            )}
            <Button variant="default" onClick={onClose}>
              {t('grid.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="work-save">
              {t('work.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A lesson's topic and homework (text, due date and files). */
export function LessonDialog({
  lesson,
  limits,
  readOnly,
  onClose,
}: {
  lesson: LessonColumn;
  limits: HomeworkLimits;
  readOnly: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('journal');
  const locale = useLocale();
  const save = useSaveLesson();
  const [topic, setTopic] = useState(lesson.topic ?? '');
  const [homework, setHomework] = useState(lesson.homework?.text ?? '');
  const [dueDate, setDueDate] = useState(lesson.homework?.dueDate ?? '');
  const fields = serverFieldErrors(save.error);
  const submit = () =>
    save.mutate(
      {
        lessonId: lesson.id,
        topic: topic.trim() || null,
        homework: { text: homework.trim() || null, dueDate: homework.trim() && dueDate ? dueDate : null },
      },
      { onSuccess: onClose },
    );
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('lesson.title', { date: formatDate(lesson.date, locale) })}
      data-testid="lesson-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('lesson.topic')}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            maxLength={500}
            readOnly={readOnly}
            error={fields.topic}
            data-testid="lesson-topic"
            data-autofocus
          />
          <Textarea
            label={t('lesson.homework')}
            value={homework}
            onChange={(e) => setHomework(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
            readOnly={readOnly}
            error={fields.text}
            data-testid="lesson-homework"
          />
          <TextInput
            type="date"
            label={t('lesson.dueDate')}
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            readOnly={readOnly}
            error={fields.dueDate}
            data-testid="lesson-due"
          />
          <HomeworkFiles lesson={lesson} limits={limits} readOnly={readOnly} />
          {save.error && Object.keys(fields).length === 0 && (
            <Alert color="red" icon={<IconAlertTriangle />}>
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('grid.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={save.isPending} data-testid="lesson-save">
                {t('lesson.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const historyValue = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object' && 'value' in v) {
    const value = (v as { value: unknown }).value;
    return value === null || value === undefined ? '—' : String(value);
  }
  return JSON.stringify(v);
};

/** Why a change was made (a re-check of a disputed СОч), when the save carried a reason. */
const historyReason = (v: unknown): string | null =>
  v !== null && typeof v === 'object' && 'reason' in v && typeof v.reason === 'string' ? v.reason : null;

/** A mark's history for administrators: who changed it, when, from where, old → new. */
function MarkHistory({ markId }: { markId: number }) {
  const { t } = useTranslation('journal');
  const locale = useLocale();
  const history = useMarkHistory(markId);
  if (history.isPending) return <Loader size="sm" />;
  if (history.error) return <Alert color="red">{errorMessage(history.error)}</Alert>;
  return (
    <Stack gap={4} data-testid="mark-history">
      <Text size="sm" fw={600}>
        {t('comment.history')}
      </Text>
      {history.data.items.map((e) => (
        <Text key={`${e.at}|${e.action}`} size="xs" c="dimmed">
          {formatDateTime(e.at, locale)} · {e.actorName ?? '—'}
          {e.ip ? ` · ${e.ip}` : ''} · {historyValue(e.before)} → {historyValue(e.after)}
          {historyReason(e.after) && (
            <Text span size="xs" c="dark" data-testid="mark-history-reason">
              {' '}
              · {t('comment.reason', { reason: historyReason(e.after) })}
            </Text>
          )}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * A mark's comment (saved with the mark's version like any other edit) and, for administrators, its history.
 * Opened with Shift+Enter on a cell that holds a mark.
 */
export function CommentDialog({
  initial,
  markId,
  showHistory,
  readOnly,
  onSave,
  onClose,
}: {
  initial: string;
  markId: number;
  showHistory: boolean;
  readOnly: boolean;
  onSave: (comment: string | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('journal');
  const [text, setText] = useState(initial);
  return (
    <Modal opened onClose={onClose} title={t('comment.title')} data-testid="comment-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly) onSave(text.trim() || null);
          onClose();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={t('comment.label')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            readOnly={readOnly}
            data-testid="comment-text"
            data-autofocus
          />
          {showHistory && <MarkHistory markId={markId} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('grid.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" data-testid="comment-save">
                {t('comment.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
