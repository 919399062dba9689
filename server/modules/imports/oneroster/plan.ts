import type { RowOutcome } from '@common/schemas/imports.js';
import type { Database } from '../../../db/client.js';
import type { ExistingPerson, YearClass } from '../match.repository.js';
import { type ClassLabel, classLabelText, parseClassLabel, parseLanguage, type RowProblem } from '../normalize.js';
import type { InputRow, PersonPlan, PersonRef, PlanContext } from '../plan.types.js';

/**
 * The rows of a OneRoster package that are not people: homeroom classes, courses (our subjects) and teaching
 * (a teacher's enrolment in a scheduled class = teacher × class × subject). They refer to each other and to
 * users by sourcedId, which is what the school's external ids hold.
 */

export type SubjectRef = { id: number } | { row: number };

interface Base {
  rowNumber: number;
  outcome: RowOutcome;
  problems: RowProblem[];
  changes: string[];
}
export interface ClassPlan extends Base {
  entity: 'class';
  label: ClassLabel | null;
  language: string;
  externalId: string | null;
  /** The year's existing class this row is, else null (created by the apply). */
  classId: number | null;
  setExternalId: boolean;
  classTeacher: PersonRef | null;
}
export interface SubjectPlan extends Base {
  entity: 'subject';
  subjectId: number | null;
  externalId: string | null;
  names: { nameKk: string; nameRu: string; nameEn: string };
  catalogueCode: string | null;
  setExternalId: boolean;
}
export interface TeachingPlan extends Base {
  entity: 'teaching';
  teacher: PersonRef | null;
  classLabel: ClassLabel | null;
  subject: SubjectRef | null;
  /** A sub-group of the class (created when missing) and its students. */
  subgroup: string | null;
  members: PersonRef[];
}
export interface RosterPlans {
  classes: ClassPlan[];
  subjects: SubjectPlan[];
  teaching: TeachingPlan[];
}

const outcomeOf = (p: Base, isNew: boolean): RowOutcome =>
  p.problems.length > 0 ? 'error' : isNew ? 'new' : p.changes.length > 0 ? 'update' : 'unchanged';

export async function planRosterRows(
  db: Database,
  ctx: PlanContext,
  rows: InputRow[],
  people: {
    persons: PersonPlan[];
    byExt: Map<string, ExistingPerson & { profile: string }>;
    classes: Map<string, YearClass>;
  },
): Promise<RosterPlans> {
  const result: RosterPlans = { classes: [], subjects: [], teaching: [] };
  const of = (entity: InputRow['entity']) => rows.filter((r) => r.entity === entity);
  if (rows.every((r) => r.entity === 'person')) return result;

  const personByExt = new Map<string, PersonPlan>();
  for (const p of people.persons) if (p.record?.externalId) personByExt.set(p.record.externalId, p);
  /** A user sourcedId → the person it is (existing or created by this apply), if a student. */
  const studentRef = (ref: string): PersonRef | null => {
    const row = personByExt.get(ref);
    if (row) {
      if (!row.record || row.problems.length > 0 || row.record.role !== 'student') return null;
      const id = row.personId ?? row.candidate?.id;
      return id !== undefined ? { id } : { row: row.rowNumber };
    }
    const existing = people.byExt.get(ref);
    return existing && existing.profile === 'student' ? { id: existing.id } : null;
  };
  /** A user sourcedId → the person it is (existing or created by this apply), if a staff member. */
  const staffRef = (ref: string | undefined): PersonRef | null | 'bad' => {
    if (!ref) return null;
    const row = personByExt.get(ref);
    if (row) {
      if (!row.record || row.problems.length > 0 || !['teacher', 'staff'].includes(row.record.role)) return 'bad';
      const id = row.personId ?? row.candidate?.id;
      return id !== undefined ? { id } : { row: row.rowNumber };
    }
    const existing = people.byExt.get(ref);
    return existing && existing.profile === 'school_employee' ? { id: existing.id } : 'bad';
  };

  // ── Classes ────────────────────────────────────────────────────────────────────────────────────────────────
  const byClassExt = new Map([...people.classes.values()].filter((c) => c.externalId).map((c) => [c.externalId!, c]));
  const classRowByExt = new Map<string, ClassPlan>();
  for (const row of of('class')) {
    const v = row.values;
    const plan: ClassPlan = {
      entity: 'class',
      rowNumber: row.rowNumber,
      outcome: 'new',
      problems: [],
      changes: [],
      label: parseClassLabel(v.class ?? ''),
      language: parseLanguage(v.language ?? '') ?? ctx.defaultLanguage,
      externalId: v.externalId || null,
      classId: null,
      setExternalId: false,
      classTeacher: null,
    };
    if (!plan.label) plan.problems.push({ field: 'class', code: 'imports.row.class' });
    if (!ctx.year) plan.problems.push({ field: 'class', code: 'imports.row.noYear' });
    else if (ctx.year.status === 'closed') plan.problems.push({ field: 'class', code: 'schoolYear.closed' });
    const teacher = staffRef(v.classTeacher);
    if (teacher === 'bad') plan.problems.push({ field: null, code: 'imports.row.teacherNotFound' });
    else plan.classTeacher = teacher;
    if (plan.label && ctx.year) {
      const existing =
        (plan.externalId ? byClassExt.get(plan.externalId) : undefined) ??
        people.classes.get(classLabelText(plan.label));
      if (existing) {
        plan.classId = existing.id;
        if (classLabelText(existing) !== classLabelText(plan.label)) {
          plan.problems.push({ field: 'class', code: 'imports.row.externalIdTaken' });
        }
        if (plan.externalId && existing.externalId !== plan.externalId) {
          plan.setExternalId = true;
          plan.changes.push('externalId');
        }
        const teacherId = plan.classTeacher && 'id' in plan.classTeacher ? plan.classTeacher.id : null;
        if (plan.classTeacher && teacherId !== existing.classTeacherPersonId) plan.changes.push('classTeacher');
      }
    }
    if (plan.externalId) classRowByExt.set(plan.externalId, plan);
    plan.outcome = outcomeOf(plan, plan.classId === null);
    result.classes.push(plan);
  }

  // ── Subjects (courses) ─────────────────────────────────────────────────────────────────────────────────────
  const subjectRows = of('subject');
  const existingSubjects = await db
    .selectFrom('subjects')
    .where('schoolId', '=', ctx.schoolId)
    .where('archivedAt', 'is', null)
    .select(['id', 'externalId', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn'])
    .execute();
  const subjectByExt = new Map(existingSubjects.filter((s) => s.externalId).map((s) => [s.externalId!, s]));
  const subjectByCode = new Map(existingSubjects.filter((s) => s.catalogueCode).map((s) => [s.catalogueCode!, s]));
  const subjectByName = new Map<string, (typeof existingSubjects)[number]>();
  for (const s of existingSubjects)
    for (const n of [s.nameKk, s.nameRu, s.nameEn]) subjectByName.set(n.toLowerCase(), s);
  const catalogue = new Set((await db.selectFrom('subjectCatalogue').select('code').execute()).map((c) => c.code));
  const subjectRowByExt = new Map<string, SubjectPlan>();
  for (const row of subjectRows) {
    const v = row.values;
    const title = (v.title ?? '').trim();
    const names = {
      nameKk: (v.nameKk || title).trim().slice(0, 200),
      nameRu: (v.nameRu || title).trim().slice(0, 200),
      nameEn: (v.nameEn || title).trim().slice(0, 200),
    };
    const code = v.code && catalogue.has(v.code) ? v.code : null;
    const plan: SubjectPlan = {
      entity: 'subject',
      rowNumber: row.rowNumber,
      outcome: 'new',
      problems: [],
      changes: [],
      subjectId: null,
      externalId: v.externalId || null,
      names,
      catalogueCode: code,
      setExternalId: false,
    };
    if (!names.nameKk || !names.nameRu || !names.nameEn)
      plan.problems.push({ field: null, code: 'imports.row.required' });
    const existing =
      (plan.externalId ? subjectByExt.get(plan.externalId) : undefined) ??
      (code ? subjectByCode.get(code) : undefined) ??
      [names.nameKk, names.nameRu, names.nameEn].map((n) => subjectByName.get(n.toLowerCase())).find(Boolean);
    if (existing) {
      plan.subjectId = existing.id;
      if (plan.externalId && existing.externalId !== plan.externalId) {
        if (existing.externalId === null && !subjectByExt.has(plan.externalId)) {
          plan.setExternalId = true;
          plan.changes.push('externalId');
        }
      }
    }
    if (plan.externalId) subjectRowByExt.set(plan.externalId, plan);
    plan.outcome = outcomeOf(plan, plan.subjectId === null);
    result.subjects.push(plan);
  }

  // ── Teaching ───────────────────────────────────────────────────────────────────────────────────────────────
  const teachingRows = of('teaching');
  const assignments =
    ctx.year && teachingRows.length > 0
      ? await db
          .selectFrom('teachingAssignments')
          .where('teachingAssignments.schoolId', '=', ctx.schoolId)
          .where('teachingAssignments.yearId', '=', ctx.year.id)
          .leftJoin('subgroups as sg', (j) =>
            j
              .onRef('sg.schoolId', '=', 'teachingAssignments.schoolId')
              .onRef('sg.id', '=', 'teachingAssignments.subgroupId'),
          )
          .select(['teachingAssignments.classId', 'subjectId', 'teacherPersonId', 'sg.name as subgroup'])
          .execute()
      : [];
  const assignmentKey = (classId: number, subjectId: number, teacherId: number, subgroup: string | null) =>
    `${classId}|${subjectId}|${teacherId}|${subgroup ?? ''}`;
  const assignmentSet = new Set(
    assignments.map((a) => assignmentKey(a.classId, a.subjectId, a.teacherPersonId, a.subgroup)),
  );
  const seen = new Set<string>();
  for (const row of teachingRows) {
    const v = row.values;
    const plan: TeachingPlan = {
      entity: 'teaching',
      rowNumber: row.rowNumber,
      outcome: 'new',
      problems: [],
      changes: [],
      teacher: null,
      classLabel: null,
      subject: null,
      subgroup: v.subgroup?.trim() || null,
      members: [],
    };
    for (const ref of (v.members ?? '').split(',').filter(Boolean)) {
      const member = studentRef(ref);
      if (member) plan.members.push(member);
      else plan.problems.push({ field: null, code: 'imports.row.childNotFound' });
    }
    const teacher = staffRef(v.teacher);
    if (teacher === 'bad' || teacher === null) plan.problems.push({ field: null, code: 'imports.row.teacherNotFound' });
    else plan.teacher = teacher;
    const classRow = v.classRef ? classRowByExt.get(v.classRef) : undefined;
    const existingClass = v.classRef ? byClassExt.get(v.classRef) : undefined;
    // The homeroom by sourcedId (a class row, or a class of the year), else a reference that names a class.
    plan.classLabel = classRow?.label ?? existingClass ?? (v.classRef ? parseClassLabel(v.classRef) : null);
    if (!plan.classLabel || (classRow && classRow.problems.length > 0)) {
      plan.problems.push({ field: 'class', code: 'imports.row.classNotFound' });
    }
    const subjectRow = v.subject ? subjectRowByExt.get(v.subject) : undefined;
    const existingSubject = v.subject ? subjectByExt.get(v.subject) : undefined;
    if (subjectRow && subjectRow.problems.length === 0) {
      plan.subject = subjectRow.subjectId !== null ? { id: subjectRow.subjectId } : { row: subjectRow.rowNumber };
    } else if (existingSubject) plan.subject = { id: existingSubject.id };
    else plan.problems.push({ field: null, code: 'imports.row.subjectNotFound' });
    if (!ctx.year) plan.problems.push({ field: 'class', code: 'imports.row.noYear' });
    let exists = false;
    if (plan.problems.length === 0 && plan.teacher && plan.subject && plan.classLabel) {
      const cls = people.classes.get(classLabelText(plan.classLabel));
      if (cls && 'id' in plan.teacher && 'id' in plan.subject) {
        const key = assignmentKey(cls.id, plan.subject.id, plan.teacher.id, plan.subgroup);
        exists = assignmentSet.has(key) || seen.has(key);
        seen.add(key);
      }
    }
    plan.outcome = plan.problems.length > 0 ? 'error' : exists ? 'unchanged' : 'new';
    result.teaching.push(plan);
  }
  return result;
}
