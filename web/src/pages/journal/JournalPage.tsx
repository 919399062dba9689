import { policyFor } from '@common/assessment/index.js';
import type { JournalGrid as Grid } from '@common/schemas/journal.js';
import { Alert, Anchor, Button, Group, NativeSelect, Spoiler, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconPlus } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useJournalGrid } from '../../api/journal.js';
import { useCurrentMe } from '../../api/me.js';
import { notifyError } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { schoolToday } from '../timetable/week.js';
import { type Column, GridActions } from './actions.js';
import { ReasonDialog, RecheckDialog } from './CellDialogs.js';
import { CommentDialog, LessonDialog, WorkDialog } from './JournalDialogs.js';
import { JournalGrid } from './JournalGrid.js';
import { ConflictNotice, PeriodAdmin, periodLabel, SaveIndicator, usePolling } from './JournalPageParts.js';
import { ResultsTable } from './ResultsTable.js';
import { startYearOf } from './running.js';
import { cellKey, GridStore } from './store.js';
import { TopicPlanButton } from './TopicPlanDialog.js';

function GridView({ grid, isAdmin }: { grid: Grid; isAdmin: boolean }) {
  const { t } = useTranslation('journal');
  const locale = useLocale();
  const [, setParams] = useSearchParams();
  // One store per loaded grid; the focused cell survives a reload (a new work, a topic saved).
  const previous = useRef<GridStore | null>(null);
  const store = useMemo(() => {
    const next = new GridStore(grid);
    if (previous.current?.focus) next.focus = previous.current.focus;
    if (previous.current?.notice) next.notice = previous.current.notice;
    previous.current = next;
    return next;
  }, [grid]);
  usePolling(grid, store);
  const actions = useMemo(() => new GridActions(store, grid.assignment.id, t), [store, grid.assignment.id, t]);
  const policy = useMemo(() => policyFor(startYearOf(grid.period.startsOn)), [grid.period.startsOn]);
  const canWrite = grid.canWrite && !grid.period.closed;
  const [lesson, setLesson] = useState<(Column & { kind: 'lesson' }) | null>(null);
  const [work, setWork] = useState<(Column & { kind: 'work' }) | 'new' | null>(null);
  const [comment, setComment] = useState<{ studentId: number; column: Column } | null>(null);
  const [reason, setReason] = useState<{ studentId: number; column: Column } | null>(null);
  const [recheck, setRecheck] = useState<{ studentId: number; column: Column } | null>(null);
  const [showResults, setShowResults] = useState(false);
  const onLesson = useCallback((c: Column & { kind: 'lesson' }) => setLesson(c), []);
  const onWork = useCallback((c: Column & { kind: 'work' }) => canWrite && setWork(c), [canWrite]);
  const onComment = useCallback((studentId: number, column: Column) => setComment({ studentId, column }), []);
  const onReason = useCallback((studentId: number, column: Column) => setReason({ studentId, column }), []);
  const onRecheck = useCallback((studentId: number, column: Column) => setRecheck({ studentId, column }), []);
  const onPasteOverflow = useCallback((n: number) => notifyError(new Error(t('grid.pasteTooLong', { n }))), [t]);
  const a = grid.assignment;
  const today = schoolToday();
  const defaultDate = today >= grid.period.startsOn && today <= grid.period.endsOn ? today : grid.period.startsOn;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/journal" size="sm">
            ← {t('grid.back')}
          </Anchor>
          <Title order={2} style={{ overflowWrap: 'anywhere' }} data-testid="journal-title">
            {a.classLabel} · {localName(a.subject, locale)}
            {a.subgroupName ? ` · ${a.subgroupName}` : ''}
          </Title>
          <Text size="sm" c="dimmed">
            {a.teacherName}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap">
          <NativeSelect
            aria-label={t('grid.period')}
            value={String(grid.period.id)}
            onChange={(e) => setParams({ period: e.currentTarget.value })}
            data={grid.periods.map((p) => ({ value: String(p.id), label: periodLabel(t, p) }))}
            data-testid="period-select"
          />
          {canWrite && grid.assessmentMode.mode === 'graded' && (
            <Button
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setWork('new')}
              data-testid="work-add"
            >
              {t('grid.addWork')}
            </Button>
          )}
          <TopicPlanButton assignment={a} canEdit={isAdmin || grid.canWrite} />
          <Button
            size="xs"
            variant={showResults ? 'filled' : 'light'}
            onClick={() => setShowResults((v) => !v)}
            aria-pressed={showResults}
            data-testid="results-toggle"
          >
            {t('results.toggle')}
          </Button>
          {isAdmin && <PeriodAdmin grid={grid} />}
        </Group>
      </Group>
      {grid.period.closed && (
        <Alert color="gray" icon={<IconLock />} data-testid="journal-closed">
          {t('grid.closed')}
        </Alert>
      )}
      {!grid.period.closed && !grid.canWrite && (
        <Alert color="gray" data-testid="journal-readonly">
          {t('grid.readOnly')}
        </Alert>
      )}
      {showResults && <ResultsTable assignmentId={a.id} />}
      <ConflictNotice store={store} />
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed">
          {t('grid.legend')}
        </Text>
        <SaveIndicator store={store} />
      </Group>
      {grid.students.length === 0 ? (
        <Text c="dimmed">{t('grid.noStudents')}</Text>
      ) : (
        <JournalGrid
          grid={grid}
          store={store}
          actions={actions}
          policy={policy}
          canWrite={canWrite}
          onLesson={onLesson}
          onWork={onWork}
          onComment={onComment}
          onReason={onReason}
          onRecheck={isAdmin ? onRecheck : undefined}
          onPasteOverflow={onPasteOverflow}
        />
      )}
      {grid.lessons.length === 0 && grid.works.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('grid.noColumns')}
        </Text>
      )}
      <Spoiler maxHeight={0} showLabel={t('grid.keysTitle')} hideLabel={t('grid.keysTitle')}>
        <Text size="sm" c="dimmed" data-testid="journal-keys">
          {t('grid.keys')}
        </Text>
      </Spoiler>
      {lesson && (
        <LessonDialog
          lesson={lesson.lesson}
          limits={grid.homeworkLimits}
          readOnly={!canWrite}
          onClose={() => setLesson(null)}
        />
      )}
      {work && (
        <WorkDialog
          assignmentId={a.id}
          work={work === 'new' ? null : work.work}
          defaultDate={defaultDate}
          isAdmin={isAdmin}
          onClose={() => setWork(null)}
        />
      )}
      {comment && (
        <CommentDialog
          initial={store.get(cellKey(comment.studentId, comment.column.key)).mark?.comment ?? ''}
          markId={store.get(cellKey(comment.studentId, comment.column.key)).mark?.id ?? 0}
          showHistory={isAdmin}
          readOnly={!canWrite}
          onClose={() => {
            setComment(null);
            refocusGrid();
          }}
          onSave={(text) => {
            const mark = store.get(cellKey(comment.studentId, comment.column.key)).mark;
            if (!mark) return;
            actions.saveMarks([
              { studentId: comment.studentId, column: comment.column, value: mark.value, comment: text },
            ]);
          }}
        />
      )}
      {reason && (
        <AbsenceReason
          cell={reason}
          store={store}
          actions={actions}
          readOnly={!canWrite}
          onClose={() => {
            setReason(null);
            refocusGrid();
          }}
        />
      )}
      {recheck && (
        <Recheck
          cell={recheck}
          store={store}
          actions={actions}
          onClose={() => {
            setRecheck(null);
            refocusGrid();
          }}
        />
      )}
    </Stack>
  );
}

type CellRef = { studentId: number; column: Column };

/**
 * Back to the grid after a cell's dialog, so the keyboard-only flow goes on (a dialog opened from the cell menu
 * would otherwise return focus to the menu item, which is gone).
 */
function refocusGrid() {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('[data-testid="journal-grid"]')?.focus({ preventScroll: true }),
  );
}

/** Alt+Enter / the cell menu on н/п/б/о: the absence's reason, saved with the attendance entry's version. */
function AbsenceReason({
  cell,
  store,
  actions,
  readOnly,
  onClose,
}: {
  cell: CellRef;
  store: GridStore;
  actions: GridActions;
  readOnly: boolean;
  onClose: () => void;
}) {
  const attendance = store.get(cellKey(cell.studentId, cell.column.key)).attendance;
  if (!attendance?.code || attendance.code === 'present') return null;
  return (
    <ReasonDialog
      code={attendance.code}
      initial={attendance.reason ?? ''}
      readOnly={readOnly}
      onClose={onClose}
      onSave={(text) => actions.setReason(cell.studentId, cell.column, text)}
    />
  );
}

/** The cell menu on a СОч score (administrators): a re-check saved with its reason (kz-school-rules §1.5). */
function Recheck({
  cell,
  store,
  actions,
  onClose,
}: {
  cell: CellRef;
  store: GridStore;
  actions: GridActions;
  onClose: () => void;
}) {
  const mark = store.get(cellKey(cell.studentId, cell.column.key)).mark;
  if (cell.column.kind !== 'work' || !mark || typeof mark.value !== 'number') return null;
  return (
    <RecheckDialog
      title={cell.column.work.title}
      maxScore={cell.column.work.maxScore}
      current={mark.value}
      onClose={onClose}
      onSave={(score, why) =>
        actions.saveMarks([{ studentId: cell.studentId, column: cell.column, value: score, base: mark.version }], why)
      }
    />
  );
}

/** /journal/:assignmentId?period= — one class (or group) × subject × period. */
export default function JournalPage() {
  const me = useCurrentMe();
  const { assignmentId } = useParams();
  const [params] = useSearchParams();
  const id = Number(assignmentId);
  const period = Number(params.get('period')) || null;
  const grid = useJournalGrid(id, period);
  if (!me.capabilities.useJournal) return <NoAccess />;
  if (grid.isPending) return <PageLoader />;
  if (grid.error) return <PageError error={grid.error} onRetry={() => void grid.refetch()} />;
  return <GridView grid={grid.data} isAdmin={me.capabilities.manageJournal} />;
}
