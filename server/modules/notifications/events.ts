import type { AttendanceCode } from '@common/schemas/journal.js';
import type { LESSON_CHANGES } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { busOf } from './bus.js';
import { enqueue } from './queue.js';

/**
 * What the journal and the account modules report. Each call adds ONE queue row inside the caller's transaction
 * (a save of 35 marks is one row, and nothing is queued when the save rolls back); deliver.ts turns it into one
 * notification per recipient, merging with the other events of the batch and with the recipient's recent unread
 * notification of the same lesson or subject.
 * Payloads hold ids, dates and codes only.
 */
export type EventPayload =
  | {
      type: 'mark';
      schoolId: number;
      assignmentId: number;
      subjectId: number;
      /** [student, lesson or work date] per mark created or changed. */
      items: Array<[number, string]>;
    }
  | {
      type: 'attendance';
      schoolId: number;
      assignmentId: number;
      subjectId: number;
      items: Array<[number, string, AttendanceCode]>;
    }
  | { type: 'homework'; schoolId: number; lessonId: number }
  | { type: 'timetable'; schoolId: number; lessonId: number; change: LessonChange }
  | { type: 'termGrade'; schoolId: number; periodId: number; classId: number | null }
  | { type: 'security'; schoolId: number; personId: number; event: 'passwordChanged' };

/**
 * Events run at once: the bell should show a new mark within a second (issue 7's "done when"); the burst is
 * coalesced by merging into the recipient's open notification, and it is the e-mail that waits the debounce
 * (deliver.ts), so it goes out once, with the whole burst in it.
 */
export type LessonChange = (typeof LESSON_CHANGES)[number];

const runAt = (deps: AppDeps) => deps.clock.now();

const studentsOf = (e: EventPayload): number[] =>
  e.type === 'mark' || e.type === 'attendance'
    ? [...new Set(e.items.map((i) => i[0]))]
    : e.type === 'security'
      ? [e.personId]
      : [];

/** Queues an event in the caller's transaction `trx`. */
export async function notifyEvent(trx: Database, deps: AppDeps, event: EventPayload) {
  if ((event.type === 'mark' || event.type === 'attendance') && event.items.length === 0) return;
  await enqueue(trx, [{ kind: 'event', runAt: runAt(deps), personIds: studentsOf(event), payload: event }]);
  busOf(deps).queued();
}

/**
 * An account event for the person themself. Stored under the institution of one of their active memberships
 * (the bell reads per institution); a person without any active membership has no bell to show it in.
 */
export async function notifySecurity(trx: Database, deps: AppDeps, personId: number, event: 'passwordChanged') {
  const today = localDate(deps.clock.now());
  const m = await trx
    .selectFrom('memberships')
    .where('personId', '=', personId)
    .where('startsOn', '<=', today)
    .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>', today)]))
    .select('institutionId')
    .orderBy('id')
    .executeTakeFirst();
  if (!m) return;
  await notifyEvent(trx, deps, { type: 'security', schoolId: m.institutionId, personId, event });
}
