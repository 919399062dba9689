import type { JournalGrid as Grid, JournalPeriod } from '@common/schemas/journal.js';
import { Alert, Button, CloseButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchChanges, useClosePeriod, useReopenPeriod } from '../../api/journal.js';
import { errorMessage } from '../../components/notify.js';
import { type GridStore, type SaveState, useStoreValue } from './store.js';

/** The journal page's pieces around the grid: the save state, conflicts, polling for others' edits, period admin. */
/** How often other people's edits are fetched (and at once when the window regains focus). */
const POLL_MS = 4000;

export const periodLabel = (t: TFunction, p: Pick<JournalPeriod, 'kind' | 'number'>) =>
  t(`journal:grid.${p.kind}`, { n: p.number });

export function SaveIndicator({ store }: { store: GridStore }) {
  const { t } = useTranslation('journal');
  const status = useStoreValue(store, 'status', () => store.status);
  const labels: Record<SaveState, string> = {
    idle: '',
    saving: t('cell.saving'),
    saved: t('cell.saved'),
    error: t('cell.error'),
    conflict: t('cell.error'),
  };
  return (
    <Text
      size="sm"
      c={status.state === 'error' || status.state === 'conflict' ? 'red' : 'dimmed'}
      data-testid="save-state"
      data-state={status.state}
      aria-live="polite"
      title={status.message ?? undefined}
    >
      {labels[status.state]}
      {status.message && status.state === 'error' ? ` — ${status.message}` : ''}
    </Text>
  );
}

export function ConflictNotice({ store }: { store: GridStore }) {
  const notice = useStoreValue(store, 'notice', () => store.notice);
  if (!notice) return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle />} data-testid="conflict-notice" role="alert">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">{notice}</Text>
        <CloseButton size="sm" onClick={() => store.setNotice(null)} aria-label="×" />
      </Group>
    </Alert>
  );
}

/** Keeps the store current with everyone else's edits; a changed column set or closing reloads the grid. */
export function usePolling(grid: Grid, store: GridStore) {
  const client = useQueryClient();
  const busy = useRef(false);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (busy.current || stopped || document.visibilityState === 'hidden') return;
      busy.current = true;
      try {
        const changes = await fetchChanges(grid.assignment.id, store.revision, grid.period.id);
        if (stopped) return;
        store.applyChanges(changes);
        if (
          changes.lessons.length > 0 ||
          changes.works.length > 0 ||
          changes.removedWorkIds.length > 0 ||
          changes.closed !== grid.period.closed
        ) {
          await client.invalidateQueries({ queryKey: ['journal', 'grid', grid.assignment.id] });
        }
      } catch {
        // the next tick retries; a lost session is handled by the app shell
      } finally {
        busy.current = false;
      }
    };
    const timer = setInterval(poll, POLL_MS);
    const onFocus = () => void poll();
    window.addEventListener('focus', onFocus);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [grid, store, client]);
}

export function PeriodAdmin({ grid }: { grid: Grid }) {
  const { t } = useTranslation('journal');
  const close = useClosePeriod();
  const reopen = useReopenPeriod();
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const target = { periodId: grid.period.id, classId: grid.assignment.classId };
  const mutation = dialog === 'reopen' ? reopen : close;
  return (
    <>
      {grid.period.closed ? (
        <Button size="xs" variant="light" onClick={() => setDialog('reopen')} data-testid="period-reopen">
          {t('grid.reopenPeriod')}
        </Button>
      ) : (
        <Button
          size="xs"
          variant="light"
          color="orange"
          leftSection={<IconLock size={14} />}
          onClick={() => setDialog('close')}
          data-testid="period-close"
        >
          {t('grid.closePeriod')}
        </Button>
      )}
      {dialog && (
        <Modal
          opened
          onClose={() => setDialog(null)}
          title={dialog === 'close' ? t('grid.closePeriod') : t('grid.reopenPeriod')}
        >
          <Stack gap="sm">
            {dialog === 'close' ? (
              <Text size="sm">
                {t('grid.closeConfirm', { period: periodLabel(t, grid.period), className: grid.assignment.classLabel })}
              </Text>
            ) : (
              <Textarea
                label={t('grid.reopenReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                maxLength={500}
                autosize
                minRows={2}
                data-testid="period-reopen-reason"
                data-autofocus
              />
            )}
            {mutation.error && <Alert color="red">{errorMessage(mutation.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('grid.cancel')}
              </Button>
              <Button
                loading={mutation.isPending}
                disabled={dialog === 'reopen' && reason.trim() === ''}
                data-testid="period-confirm"
                onClick={() => {
                  const done = { onSuccess: () => setDialog(null) };
                  if (dialog === 'close') close.mutate(target, done);
                  else reopen.mutate({ ...target, reason: reason.trim() }, done);
                }}
              >
                {t('grid.confirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
