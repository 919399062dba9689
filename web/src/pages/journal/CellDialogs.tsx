import type { AttendanceCode } from '@common/schemas/journal.js';
import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Dialogs of one grid cell beside the comment (JournalDialogs.tsx): the reason of an absence, and an
 * administrator's re-check of a disputed СОч score (kz-school-rules §1.5) — a new score saved with its reason,
 * which the mark's history keeps.
 */

/** The reason of н/п/б/о (a doctor's note, a competition…). Alt+Enter or the cell menu; read-only when closed. */
export function ReasonDialog({
  code,
  initial,
  readOnly,
  onSave,
  onClose,
}: {
  code: Exclude<AttendanceCode, 'present'>;
  initial: string;
  readOnly: boolean;
  onSave: (reason: string | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('journal');
  const [text, setText] = useState(initial);
  return (
    <Modal opened onClose={onClose} title={t('reason.title')} data-testid="reason-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly) onSave(text.trim() || null);
          onClose();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t(`attendance.${code}`)}
          </Text>
          <Textarea
            label={t('reason.label')}
            description={readOnly ? undefined : t('reason.hint')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            readOnly={readOnly}
            data-testid="reason-text"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('grid.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" data-testid="reason-save">
                {t('reason.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An administrator's re-check of a СОч score: the new score and why (both required). */
export function RecheckDialog({
  title,
  maxScore,
  current,
  onSave,
  onClose,
}: {
  title: string;
  maxScore: number;
  current: number;
  onSave: (score: number, reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('journal');
  const [score, setScore] = useState<number | string>(current);
  const [reason, setReason] = useState('');
  const value = typeof score === 'number' ? score : Number(String(score).replace(',', '.'));
  const valid = String(score) !== '' && Number.isFinite(value) && value >= 0 && value <= maxScore;
  return (
    <Modal opened onClose={onClose} title={t('recheck.title')} data-testid="recheck-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid || reason.trim() === '') return;
          onSave(value, reason.trim());
          onClose();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('recheck.intro', { work: title, current, max: maxScore })}
          </Text>
          <NumberInput
            label={t('recheck.score', { max: maxScore })}
            value={score}
            onChange={setScore}
            min={0}
            max={maxScore}
            decimalScale={2}
            error={valid ? undefined : t('cell.scoreRange', { max: maxScore })}
            data-testid="recheck-score"
            data-autofocus
          />
          <Textarea
            label={t('recheck.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-testid="recheck-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('grid.cancel')}
            </Button>
            <Button type="submit" disabled={!valid || reason.trim() === ''} data-testid="recheck-save">
              {t('recheck.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
