import { SUBJECT_CATALOGUE } from '../../server/db/migrations/0010_reference_subjects.js';
import type { Row } from './bulk.js';
import type { Ids, PersonPlan, SchoolPlan } from './plan.js';
import type { EntryPlan, RoomPlan } from './timetable.js';

/**
 * The COPY writes of a planned school, in the order the foreign keys need: people (persons, accounts, the
 * agreement acceptance, memberships, guardianships), then the organisation (subjects, curriculum, assessment
 * modes, rooms, classes, sub-groups, enrolments, assignments, timetable entries).
 */
export type Copy = (table: string, columns: readonly string[], rows: readonly Row[]) => Promise<void>;

/** What every generated account shares: the one password hash, the time stamps, the accepted agreement. */
export interface AccountDefaults {
  passwordHash: string;
  stamp: string;
  agreementId: number | null;
}

export const PERSON_COLUMNS = ['id', 'surname', 'first_name', 'patronymic', 'birth_date', 'gender'] as const;
export const ACCOUNT_COLUMNS = [
  'person_id',
  'username',
  'password_hash',
  'password_is_temporary',
  'password_changed_at',
  'registered_at',
  'locale',
] as const;
export const MEMBERSHIP_COLUMNS = [
  'institution_id',
  'id',
  'person_id',
  'profile',
  'roles',
  'is_admin',
  'position',
  'starts_on',
] as const;

export async function writePeople(copy: Copy, accounts: AccountDefaults, people: PersonPlan[]) {
  const { passwordHash, stamp, agreementId } = accounts;
  await copy(
    'persons',
    PERSON_COLUMNS,
    people.map((p) => [p.id, p.surname, p.firstName, p.patronymic, p.birthDate, p.gender]),
  );
  // Registered, with a current (not temporary) password: sign-in asks nothing of them.
  await copy(
    'accounts',
    ACCOUNT_COLUMNS,
    people.map((p) => [p.id, p.username, passwordHash, false, stamp, stamp, p.locale ?? 'kk']),
  );
  if (agreementId !== null) {
    await copy(
      'agreement_acceptances',
      ['person_id', 'version_id', 'accepted_at', 'user_agent'],
      people.map((p) => [p.id, agreementId, stamp, 'datagen']),
    );
  }
}

export async function writeSchoolPeople(
  copy: Copy,
  ids: Ids,
  accounts: AccountDefaults,
  s: { schoolId: number; plan: SchoolPlan; yearStartsOn: string },
) {
  const { schoolId, plan } = s;
  const year = { startsOn: s.yearStartsOn };
  // ── People ───────────────────────────────────────────────────────────────────────────────────────────
  const localeOf = (classIndex: number) => plan.classes[classIndex]!.language;
  await writePeople(copy, accounts, [
    ...plan.students.map((s) => ({ ...s, locale: localeOf(s.classIndex) })),
    ...plan.parents,
    ...plan.teachers,
    plan.admin,
  ]);
  const staffStart = '2020-09-01';
  const members: Row[] = [
    ...plan.students.map((s) => [schoolId, 0, s.id, 'student', '{}', false, null, year.startsOn] as const),
    ...plan.parents.map((p) => [schoolId, 0, p.id, 'parent', '{}', false, null, year.startsOn] as const),
    ...plan.teachers.map(
      (t) =>
        [
          schoolId,
          0,
          t.id,
          'school_employee',
          t.classTeacherOf.length > 0 ? '{teacher,class_teacher}' : '{teacher}',
          false,
          null,
          staffStart,
        ] as const,
    ),
    [schoolId, 0, plan.admin.id, 'school_employee', '{director}', true, null, staffStart],
  ];
  const memberFirst = await ids('memberships', members.length);
  await copy(
    'memberships',
    MEMBERSHIP_COLUMNS,
    members.map((m, k) => [m[0]!, memberFirst + k, ...m.slice(2)]),
  );
  await copy(
    'guardianships',
    ['institution_id', 'parent_person_id', 'child_person_id', 'relation'],
    plan.parents.flatMap((p) => p.children.map((child) => [schoolId, p.id, child, p.relation])),
  );
}

export async function writeOrganisation(
  copy: Copy,
  ids: Ids,
  s: {
    schoolId: number;
    yearId: number;
    yearStartsOn: string;
    plan: SchoolPlan;
    tt: { rooms: RoomPlan[]; entries: EntryPlan[] };
  },
) {
  const { schoolId, plan, tt } = s;
  const year = { id: s.yearId, startsOn: s.yearStartsOn };
  // ── Organisation ─────────────────────────────────────────────────────────────────────────────────────
  const catalogue = new Map(SUBJECT_CATALOGUE.map((s) => [s.code, s]));
  await copy(
    'subjects',
    ['school_id', 'id', 'catalogue_code', 'name_kk', 'name_ru', 'name_en'],
    plan.subjects.map((s) => {
      const c = catalogue.get(s.code)!;
      return [schoolId, s.id, s.code, c.nameKk, c.nameRu, c.nameEn];
    }),
  );
  await copy(
    'curriculum_hours',
    ['school_id', 'year_id', 'grade', 'language', 'subject_id', 'hours_per_week'],
    plan.curriculum.map((c) => [schoolId, year.id, c.grade, c.language, c.subjectId, c.hours]),
  );
  await copy(
    'assessment_modes',
    ['school_id', 'year_id', 'subject_id', 'grade', 'mode', 'has_term_summative', 'period_kind'],
    plan.modes.map((m) => [schoolId, year.id, m.subjectId, m.grade, m.mode, m.hasTermSummative, m.periodKind]),
  );
  await copy(
    'rooms',
    ['school_id', 'id', 'name', 'capacity'],
    tt.rooms.map((r) => [schoolId, r.id, r.name, r.capacity]),
  );
  await copy(
    'classes',
    ['school_id', 'id', 'year_id', 'grade', 'letter', 'language', 'shift', 'class_teacher_person_id'],
    plan.classes.map((c) => [schoolId, c.id, year.id, c.grade, c.letter, c.language, c.shift, c.classTeacherId]),
  );
  await copy(
    'subgroups',
    ['school_id', 'id', 'class_id', 'name'],
    plan.classes.flatMap((c) => c.subgroups.map((g) => [schoolId, g.id, c.id, g.name])),
  );
  await copy(
    'subgroup_members',
    ['school_id', 'subgroup_id', 'student_person_id'],
    plan.classes.flatMap((c) => c.subgroups.flatMap((g) => g.members.map((m) => [schoolId, g.id, m]))),
  );
  const enrolFirst = await ids('class_enrollments', plan.students.length);
  await copy(
    'class_enrollments',
    ['school_id', 'id', 'year_id', 'class_id', 'student_person_id', 'starts_on'],
    plan.students.map((s, k) => [
      schoolId,
      enrolFirst + k,
      year.id,
      plan.classes[s.classIndex]!.id,
      s.id,
      year.startsOn,
    ]),
  );
  await copy(
    'teaching_assignments',
    ['school_id', 'id', 'year_id', 'class_id', 'subgroup_id', 'subject_id', 'teacher_person_id'],
    plan.assignments.map((a) => {
      const c = plan.classes[a.classIndex]!;
      return [
        schoolId,
        a.id,
        year.id,
        c.id,
        a.subgroupIndex === null ? null : c.subgroups[a.subgroupIndex]!.id,
        a.subjectId,
        a.teacherId,
      ];
    }),
  );
  await copy(
    'timetable_entries',
    ['school_id', 'id', 'year_id', 'assignment_id', 'room_id', 'weekday', 'shift', 'lesson_number'],
    tt.entries.map((e) => [schoolId, e.id, year.id, e.assignmentId, e.roomId, e.weekday, e.shift, e.lessonNumber]),
  );
}
