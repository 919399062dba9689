import type { DiaryStudent } from '@common/schemas/diary.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { fullName, subjectName } from '../timetable/timetable.access.js';
import { readableStudents } from './diary.repository.js';

/**
 * Whose diary the actor may read (issue 7 §1): a student their own; a parent their linked current children, at
 * every school where the parent holds an active membership (children may attend different schools) — each child's
 * data is then read at the child's school. Staff have the journal instead: an empty list. Everything comes from the
 * session's memberships and the guardianships; a `:studentId` outside the list answers 404 on every diary route.
 */
export async function diaryStudents(deps: AppDeps, actor: Actor): Promise<DiaryStudent[]> {
  const today = localDate(deps.clock.now());
  const rows = await readableStudents(
    deps.db,
    actor.personId,
    diarySchools(actor, 'student'),
    diarySchools(actor, 'parent'),
    today,
  );
  const seen = new Set<string>();
  const items: DiaryStudent[] = [];
  for (const r of rows) {
    // Two overlapping enrolments (a move on the same day) would repeat the person.
    const key = `${r.schoolId}:${r.personId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const school = actor.memberships.find((m) => m.institutionId === r.schoolId);
    items.push({
      personId: r.personId,
      name: fullName(r),
      schoolId: r.schoolId,
      schoolName: school ? subjectName(school, actor.locale) : '',
      classLabel: r.grade !== null && r.letter !== null ? className({ grade: r.grade, letter: r.letter }) : null,
      self: r.personId === actor.personId,
    });
  }
  return items;
}

/** The schools where the session holds a student (or parent) membership: where it may read itself (its children). */
export function diarySchools(actor: Actor, profile: 'student' | 'parent'): number[] {
  return [
    ...new Set(
      actor.memberships
        .filter((m) => m.profile === profile && m.institutionKind === 'school')
        .map((m) => m.institutionId),
    ),
  ];
}

/** The student behind `:studentId` if the actor may read them, else 404 (a foreign id is never confirmed). */
export async function diaryStudent(deps: AppDeps, actor: Actor, studentId: number): Promise<DiaryStudent> {
  const found = (await diaryStudents(deps, actor)).find((s) => s.personId === studentId);
  if (!found) throw notFound();
  return found;
}
