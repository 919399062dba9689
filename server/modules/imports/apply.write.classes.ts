import { AppError } from '../../errors.js';
import type { AuditOrigin } from '../audit/audit.recorder.js';
import { enrollStudents } from '../classes/classes.enrollment.js';
import type { YearRow } from '../school-year/school-year.queries.js';
import type { WriteStage } from './apply.write.stage.js';
import { labelKey } from './plan.keys.js';
import type { PersonPlan, Plan } from './plan.types.js';

/**
 * The year's new classes, and existing classes a OneRoster row gives an external id or a class teacher. Answers
 * every class id by «grade letter», new ones included, for the enrolments and the teaching.
 */
export async function writeClasses(
  { trx, schoolId, jobId, at, entries, resolve }: WriteStage,
  plan: Plan,
  year: YearRow | null,
) {
  const classIdOf = new Map([...plan.classes].map(([k, c]) => [k, c.id]));
  const classRowOf = new Map(plan.roster.classes.filter((c) => c.label).map((c) => [labelKey(c.label!), c]));
  if (year && plan.newClasses.size > 0) {
    const values = [...plan.newClasses.values()].map((c) => {
      const teacher = classRowOf.get(labelKey(c.label))?.classTeacher;
      return {
        schoolId,
        yearId: year.id,
        grade: c.label.grade,
        letter: c.label.letter,
        language: c.language,
        externalId: c.externalId,
        classTeacherPersonId: teacher ? resolve(teacher) : null,
        createdAt: at,
        updatedAt: at,
      };
    });
    const created = await trx
      .insertInto('classes')
      .values(values)
      .returning(['id', 'grade', 'letter', 'language', 'shift', 'classTeacherPersonId', 'externalId'])
      .execute();
    for (const c of created) {
      classIdOf.set(labelKey(c), c.id);
      entries.push({
        institutionId: schoolId,
        action: 'class.created',
        subjectType: 'class',
        subjectId: c.id,
        after: {
          classId: c.id,
          yearId: year.id,
          grade: c.grade,
          letter: c.letter,
          language: c.language,
          shift: c.shift,
          classTeacherPersonId: c.classTeacherPersonId,
          importJobId: jobId,
        },
      });
    }
  }
  // Existing classes a OneRoster row gives an external id or a class teacher.
  for (const c of plan.roster.classes) {
    if (c.classId === null || c.changes.length === 0) continue;
    const existing = [...plan.classes.values()].find((x) => x.id === c.classId)!;
    const set: { externalId?: string | null; classTeacherPersonId?: number | null } = {};
    if (c.setExternalId) set.externalId = c.externalId;
    if (c.changes.includes('classTeacher') && c.classTeacher) set.classTeacherPersonId = resolve(c.classTeacher);
    await trx
      .updateTable('classes')
      .set({ ...set, updatedAt: at })
      .where('schoolId', '=', schoolId)
      .where('id', '=', c.classId)
      .execute();
    entries.push({
      institutionId: schoolId,
      action: 'class.updated',
      subjectType: 'class',
      subjectId: c.classId,
      before: { externalId: existing.externalId, classTeacherPersonId: existing.classTeacherPersonId },
      after: { ...set, importJobId: jobId },
    });
  }
  return classIdOf;
}

/** Enrolments: one enrollStudents call per class (which ends the pupil's other enrolment and audits the move). */
export async function writeEnrolments(
  { trx, schoolId, personIdOf }: WriteStage,
  persons: PersonPlan[],
  year: YearRow,
  today: string,
  classIdOf: ReadonlyMap<string, number>,
  origin: AuditOrigin,
) {
  // Today, kept within the year (an import in August places students from the year's first day).
  const startsOn = [year.startsOn, today, year.endsOn].sort()[1]!;
  const byClass = new Map<string, number[]>();
  for (const p of persons) {
    if (!p.enrol) continue;
    const k = labelKey(p.enrol);
    byClass.set(k, [...(byClass.get(k) ?? []), personIdOf(p)!]);
  }
  for (const [k, studentIds] of byClass) {
    const classId = classIdOf.get(k);
    if (classId === undefined) throw new AppError(409, 'imports.changedSincePreview');
    await enrollStudents(trx, schoolId, year.id, classId, studentIds, startsOn, origin);
  }
}
