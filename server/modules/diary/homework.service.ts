import { addDays } from '@common/calendar.js';
import type { DiaryHomework } from '@common/schemas/diary.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { checkRange } from '../timetable/lessons.service.js';
import { diaryStudent } from './diary.access.js';
import { presentHomework } from './diary.presenter.js';
import { homeworkQuery, setHomeworkDone } from './diary.repository.js';

/**
 * The student's homework list and their "done" tick (issue 7 §1). A homework without a due date is due on the
 * lesson it was set at (the journal lets a teacher leave the date out); that effective date drives the filters:
 * due = not ticked and not past, overdue = not ticked and past, done = ticked. Default range: 30 days either side.
 */
export async function diaryHomework(
  deps: AppDeps,
  actor: Actor,
  studentId: number,
  q: { status?: 'due' | 'overdue' | 'done' | undefined; from?: string | undefined; to?: string | undefined },
): Promise<DiaryHomework[]> {
  const student = await diaryStudent(deps, actor, studentId);
  const today = localDate(deps.clock.now());
  const from = q.from ?? addDays(today, -30);
  const to = q.to ?? addDays(today, 30);
  checkRange(from, to);
  const due = sql<string>`coalesce(h.due_date, l.date)`;
  let query = homeworkQuery(deps.db, student.schoolId, studentId).where(due, '>=', from).where(due, '<=', to);
  if (q.status === 'done') query = query.where('hd.doneAt', 'is not', null);
  if (q.status === 'due') query = query.where('hd.doneAt', 'is', null).where(due, '>=', today);
  if (q.status === 'overdue') query = query.where('hd.doneAt', 'is', null).where(due, '<', today);
  // What is coming first; what is past (overdue, done) latest first.
  const direction = q.status === 'due' || q.status === undefined ? 'asc' : 'desc';
  const rows = await query.orderBy(due, direction).orderBy('h.id', direction).limit(500).execute();
  const seen = new Set<number>();
  return rows.flatMap((r) => {
    if (seen.has(r.id)) return []; // see week.service.ts: one lesson under two enrolments
    seen.add(r.id);
    return [presentHomework(r, actor.locale)];
  });
}

/**
 * Ticks (or unticks) a homework as done. Only the student themself: the tick says "I did it", which a parent
 * cannot vouch for in the child's name — a parent reads the ticks (403 for them; the child is theirs, so nothing
 * is revealed). The tick is the student's own note, not journal data, so it writes no audit row.
 */
export async function setDone(
  deps: AppDeps,
  actor: Actor,
  studentId: number,
  homeworkId: number,
  done: boolean,
): Promise<{ homeworkId: number; done: boolean }> {
  const student = await diaryStudent(deps, actor, studentId);
  if (!student.self) throw forbidden();
  const found = await homeworkQuery(deps.db, student.schoolId, studentId)
    .where('h.id', '=', homeworkId)
    .executeTakeFirst();
  if (!found) throw notFound();
  await setHomeworkDone(deps.db, student.schoolId, homeworkId, studentId, done, deps.clock.now());
  return { homeworkId, done };
}
