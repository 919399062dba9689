import type { ClassViewClass } from '@common/schemas/class-view.js';
import { shortName } from '../timetable/timetable.access.js';
import type { ClassRow } from './class-view.repository.js';

export function presentClass(c: ClassRow, actorPersonId: number): ClassViewClass {
  return {
    id: c.id,
    yearId: c.yearId,
    label: `${c.grade} ${c.letter}`,
    grade: c.grade,
    letter: c.letter,
    classTeacherName:
      c.teacherSurname === null || c.teacherFirstName === null
        ? null
        : shortName({ surname: c.teacherSurname, firstName: c.teacherFirstName, patronymic: c.teacherPatronymic }),
    mine: c.classTeacherPersonId === actorPersonId,
  };
}

/**
 * Pupils in the class's language order ("as the journal grid reads them"): surname, then first name, compared
 * with the collator of the class's language of instruction (so «Ә» sorts after «А», not after «Я»).
 */
export function byName(language: string) {
  let collator: Intl.Collator;
  try {
    collator = new Intl.Collator(language);
  } catch {
    collator = new Intl.Collator('kk');
  }
  return (a: { surname: string; firstName: string }, b: { surname: string; firstName: string }) =>
    collator.compare(a.surname, b.surname) || collator.compare(a.firstName, b.firstName);
}

/** Enrolment rows → one pupil each (a re-enrolment within the range keeps the outer dates), in name order. */
export function mergeStudents(
  rows: { id: number; surname: string; firstName: string; startsOn: string; endsOn: string | null }[],
  language: string,
) {
  const byId = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = byId.get(r.id);
    if (!prev) byId.set(r.id, { ...r });
    // ISO dates sort as strings: the later end, or none (still enrolled).
    else prev.endsOn = prev.endsOn === null || r.endsOn === null ? null : ([prev.endsOn, r.endsOn].sort()[1] ?? null);
  }
  return [...byId.values()].sort(byName(language));
}
