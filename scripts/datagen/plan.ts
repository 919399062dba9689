import { defaultAssessmentMode } from '@common/curriculum.js';
import type { AssessmentModeKind } from '@common/enums.js';
import { splits, TARGET_LOAD, type TeacherGroup, teacherGroup, weeklyHours } from './curriculum.js';
import { type Family, firstName, type Gender, newFamily, patronymic, surnameFor } from './names.js';
import type { Rng } from './random.js';

/**
 * One school's organisation, planned in memory before anything is written: classes (grades 1–11, Kazakh
 * letters, Kazakh- and Russian-medium), students and their families, teachers sized to the hours, sub-groups,
 * teaching assignments. Pure: ids come from `ids(table, n)` (blocks reserved from the identity sequences), all
 * choices from the school's own random stream.
 */
export type Ids = (table: string, n: number) => Promise<number>;

/** Letters of a parallel, in the Kazakh alphabet's order («5 А», «5 Ә», «5 Б»…). */
const LETTERS = ['А', 'Ә', 'Б', 'В', 'Г', 'Ғ', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Қ', 'Л', 'М', 'Н', 'О', 'Ө', 'П', 'Р'];

export interface PersonPlan {
  id: number;
  /** The interface language their account starts with. */
  locale?: 'kk' | 'ru';
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: Gender;
  username: string;
}
export interface StudentPlan extends PersonPlan {
  classIndex: number;
  /** 0…1: how well the pupil does (a few weak pupils get «2»). */
  ability: number;
}
export interface ParentPlan extends PersonPlan {
  relation: 'mother' | 'father';
  children: number[];
}
export interface TeacherPlan extends PersonPlan {
  group: TeacherGroup;
  load: number;
  classTeacherOf: number[];
}
export interface SubgroupPlan {
  id: number;
  name: string;
  members: number[];
}
export interface ClassPlan {
  id: number;
  grade: number;
  letter: string;
  language: 'kk' | 'ru';
  shift: number;
  students: StudentPlan[];
  subgroups: SubgroupPlan[];
  classTeacherId: number | null;
}
export interface SubjectPlan {
  id: number;
  code: string;
}
export interface AssignmentPlan {
  id: number;
  classIndex: number;
  subgroupIndex: number | null;
  code: string;
  subjectId: number;
  teacherId: number;
  hours: number;
}
export interface ModePlan {
  subjectId: number;
  code: string;
  grade: number;
  mode: AssessmentModeKind;
  hasTermSummative: boolean;
  periodKind: 'quarter' | 'half_year';
}

export interface SchoolPlan {
  classes: ClassPlan[];
  subjects: SubjectPlan[];
  curriculum: Array<{ grade: number; language: string; subjectId: number; hours: number }>;
  modes: ModePlan[];
  students: StudentPlan[];
  parents: ParentPlan[];
  teachers: TeacherPlan[];
  admin: PersonPlan;
  assignments: AssignmentPlan[];
}

/** Grades for k classes: spread over 1–11, the bigger parallels first for the lower grades. */
export function classGrades(k: number): number[] {
  if (k <= 11) return Array.from({ length: k }, (_, i) => 1 + Math.floor((i * 11) / k));
  return Array.from({ length: k }, (_, i) => 1 + Math.floor((i * 11) / k)).sort((a, b) => a - b);
}

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;

export async function planSchool(
  rng: Rng,
  opts: { students: number; startYear: number; usernamePrefix: string; ids: Ids },
): Promise<SchoolPlan> {
  const { ids, usernamePrefix: u } = opts;
  const k = Math.max(1, Math.round(opts.students / 27));
  const grades = classGrades(k);
  const sizes = grades.map((_, i) => Math.floor(opts.students / k) + (i < opts.students % k ? 1 : 0));
  // Some parallels are fuller than others (25–30), the total stays --students.
  for (let i = 0; i + 1 < sizes.length; i += 2) {
    const d = Math.min(rng.int(0, 3), sizes[i + 1]! - 1);
    sizes[i] = sizes[i]! + d;
    sizes[i + 1] = sizes[i + 1]! - d;
  }
  const perGrade = new Map<number, number>();
  const classFirst = await ids('classes', k);
  const classes: ClassPlan[] = grades.map((grade, i) => {
    const n = perGrade.get(grade) ?? 0;
    perGrade.set(grade, n + 1);
    return {
      id: classFirst + i,
      grade,
      letter: LETTERS[n % LETTERS.length]!,
      // About two in three classes teach in Kazakh (national figure ≈ 70 %).
      language: n % 3 === 2 ? 'ru' : 'kk',
      shift: grade >= 2 && grade <= 4 ? 2 : 1,
      students: [],
      subgroups: [],
      classTeacherId: null,
    };
  });

  // ── Subjects, curriculum, assessment modes ─────────────────────────────────────────────────────────────
  const codes = [...new Set(classes.flatMap((c) => Object.keys(weeklyHours(c.grade, c.language))))].sort();
  const subjectFirst = await ids('subjects', codes.length);
  const subjects = codes.map((code, i) => ({ id: subjectFirst + i, code }));
  const subjectId = new Map(subjects.map((s) => [s.code, s.id]));
  const curriculumKeys = new Map<string, { grade: number; language: string; subjectId: number; hours: number }>();
  const modeHours = new Map<string, { code: string; grade: number; hours: number }>();
  for (const c of classes) {
    for (const [code, hours] of Object.entries(weeklyHours(c.grade, c.language))) {
      curriculumKeys.set(`${c.grade}|${c.language}|${code}`, {
        grade: c.grade,
        language: c.language,
        subjectId: subjectId.get(code)!,
        hours,
      });
      const key = `${code}|${c.grade}`;
      modeHours.set(key, { code, grade: c.grade, hours: Math.max(modeHours.get(key)?.hours ?? 0, hours) });
    }
  }
  const modes: ModePlan[] = [...modeHours.values()].map((m) => ({
    subjectId: subjectId.get(m.code)!,
    code: m.code,
    grade: m.grade,
    ...defaultAssessmentMode({ catalogueCode: m.code, grade: m.grade, hoursPerWeek: m.hours }),
  }));

  // ── Students and families ───────────────────────────────────────────────────────────────────────────────
  const studentFirst = await ids('persons', opts.students);
  const students: StudentPlan[] = [];
  const families: Array<{ family: Family; children: StudentPlan[] }> = [];
  classes.forEach((c, classIndex) => {
    for (let j = 0; j < sizes[classIndex]!; j++) {
      const gender: Gender = rng.chance(0.5) ? 'male' : 'female';
      const family = newFamily(rng, c.language);
      const weak = rng.chance(0.03);
      const id = studentFirst + students.length;
      const s: StudentPlan = {
        id,
        surname: surnameFor(family, gender),
        firstName: firstName(rng, family.style, gender),
        patronymic: patronymic(family.style, family.fatherFirstName, gender),
        birthDate: iso(opts.startYear - 6 - c.grade, rng.int(1, 12), rng.int(1, 28)),
        gender,
        username: `${u}.u${students.length + 1}`,
        classIndex,
        ability: weak ? rng.normal(0.15, 0.05) : Math.min(1, Math.max(0.3, rng.normal(0.72, 0.14))),
      };
      students.push(s);
      c.students.push(s);
      families.push({ family, children: [s] });
    }
  });
  // About one family in seven has two children at the school: the younger joins an older one's family.
  const merged: typeof families = [];
  for (const f of families) {
    const older = merged.length > 0 && rng.chance(0.14) ? merged[rng.int(0, merged.length - 1)]! : null;
    const child = f.children[0]!;
    if (older && older.children.length === 1 && classes[older.children[0]!.classIndex] !== classes[child.classIndex]) {
      older.children.push(child);
      child.surname = surnameFor(older.family, child.gender);
      child.patronymic = patronymic(older.family.style, older.family.fatherFirstName, child.gender);
    } else merged.push(f);
  }
  const parentDrafts: Array<Omit<ParentPlan, 'id' | 'username'>> = [];
  for (const { family, children } of merged) {
    const eldest = children.map((c) => c.birthDate).sort()[0]!;
    const born = (gap: number) => iso(Number(eldest.slice(0, 4)) - gap, rng.int(1, 12), rng.int(1, 28));
    const hasMother = rng.chance(0.95);
    const hasFather = !hasMother || rng.chance(0.6);
    const childIds = children.map((c) => c.id);
    if (hasMother) {
      parentDrafts.push({
        surname: surnameFor(family, 'female'),
        firstName: firstName(rng, family.style, 'female'),
        patronymic: null,
        birthDate: born(rng.int(22, 38)),
        gender: 'female',
        locale: family.style,
        relation: 'mother',
        children: childIds,
      });
    }
    if (hasFather) {
      parentDrafts.push({
        surname: family.surname,
        firstName: family.fatherFirstName,
        patronymic: null,
        birthDate: born(rng.int(24, 42)),
        gender: 'male',
        locale: family.style,
        relation: 'father',
        children: childIds,
      });
    }
  }
  const parentFirst = await ids('persons', parentDrafts.length);
  const parents: ParentPlan[] = parentDrafts.map((p, i) => ({ ...p, id: parentFirst + i, username: `${u}.p${i + 1}` }));

  // ── Sub-groups (split subjects) ────────────────────────────────────────────────────────────────────────
  const splitClasses = classes.filter((c) =>
    Object.keys(weeklyHours(c.grade, c.language)).some((code) => splits(code, c.grade, c.students.length)),
  );
  const subgroupFirst = await ids('subgroups', splitClasses.length * 2);
  splitClasses.forEach((c, i) => {
    const names = c.language === 'kk' ? ['1-топ', '2-топ'] : ['1 группа', '2 группа'];
    c.subgroups = names.map((name, g) => ({
      id: subgroupFirst + i * 2 + g,
      name,
      members: c.students.filter((_, j) => j % 2 === g).map((s) => s.id),
    }));
  });

  // ── Teachers, sized to the hours of each kind, then the assignments ─────────────────────────────────────
  type Draft = { classIndex: number; subgroupIndex: number | null; code: string; hours: number; group: TeacherGroup };
  const drafts: Draft[] = [];
  classes.forEach((c, classIndex) => {
    for (const [code, hours] of Object.entries(weeklyHours(c.grade, c.language))) {
      const group = teacherGroup(code, c.grade, c.language);
      if (splits(code, c.grade, c.students.length)) {
        for (const g of [0, 1]) drafts.push({ classIndex, subgroupIndex: g, code, hours, group });
      } else drafts.push({ classIndex, subgroupIndex: null, code, hours, group });
    }
  });
  const groupHours = new Map<TeacherGroup, number>();
  for (const d of drafts) if (d.group !== 'primary') groupHours.set(d.group, (groupHours.get(d.group) ?? 0) + d.hours);
  const primaryClasses = classes.filter((c) => c.grade <= 4);
  const pools = [...groupHours.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const teacherCount =
    primaryClasses.length + pools.reduce((s, [, h]) => s + Math.max(1, Math.ceil(h / TARGET_LOAD)), 0);
  const teacherFirst = await ids('persons', teacherCount + 1);
  const teachers: TeacherPlan[] = [];
  const newTeacher = (group: TeacherGroup): TeacherPlan => {
    const gender: Gender = rng.chance(0.8) ? 'female' : 'male';
    const family = newFamily(rng, rng.chance(0.3) ? 'ru' : 'kk');
    const t: TeacherPlan = {
      id: teacherFirst + teachers.length,
      surname: surnameFor(family, gender),
      firstName: firstName(rng, family.style, gender),
      patronymic: patronymic(family.style, family.fatherFirstName, gender),
      birthDate: iso(rng.int(1965, 1999), rng.int(1, 12), rng.int(1, 28)),
      gender,
      locale: family.style,
      username: `${u}.t${teachers.length + 1}`,
      group,
      load: 0,
      classTeacherOf: [],
    };
    teachers.push(t);
    return t;
  };
  const primaryTeacher = new Map(primaryClasses.map((c) => [c.id, newTeacher('primary')]));
  const pool = new Map<TeacherGroup, TeacherPlan[]>();
  for (const [group, hours] of pools) {
    pool.set(
      group,
      Array.from({ length: Math.max(1, Math.ceil(hours / TARGET_LOAD)) }, () => newTeacher(group)),
    );
  }
  const adminFamily = newFamily(rng, 'kk');
  const admin: PersonPlan = {
    id: teacherFirst + teacherCount,
    surname: surnameFor(adminFamily, 'female'),
    firstName: firstName(rng, adminFamily.style, 'female'),
    patronymic: patronymic(adminFamily.style, adminFamily.fatherFirstName, 'female'),
    birthDate: iso(rng.int(1965, 1985), rng.int(1, 12), rng.int(1, 28)),
    gender: 'female',
    username: `${u}.admin`,
  };

  const assignmentFirst = await ids('teaching_assignments', drafts.length);
  const leastLoaded = (list: TeacherPlan[], except?: number) =>
    list
      .filter((t) => t.id !== except)
      .reduce<TeacherPlan | undefined>((a, b) => (!a || b.load < a.load ? b : a), undefined) ?? list[0]!;
  const assignments: AssignmentPlan[] = [];
  const bySubject = new Map<string, TeacherPlan>(); // `${class}|${code}|0` → the first sub-group's teacher
  drafts.forEach((d, i) => {
    const c = classes[d.classIndex]!;
    let teacher: TeacherPlan;
    if (d.group === 'primary') teacher = primaryTeacher.get(c.id)!;
    else {
      const list = pool.get(d.group)!;
      const sibling = d.subgroupIndex === 1 ? bySubject.get(`${d.classIndex}|${d.code}|0`) : undefined;
      teacher = leastLoaded(list, sibling?.id);
    }
    teacher.load += d.hours;
    if (d.subgroupIndex === 0) bySubject.set(`${d.classIndex}|${d.code}|0`, teacher);
    assignments.push({
      id: assignmentFirst + i,
      classIndex: d.classIndex,
      subgroupIndex: d.subgroupIndex,
      code: d.code,
      subjectId: subjectId.get(d.code)!,
      teacherId: teacher.id,
      hours: d.hours,
    });
  });
  // Class teachers: a primary class's own teacher; in grades 5–11 the teacher with most hours in the class who
  // has no class yet (else anyone of them).
  const teacherById = new Map(teachers.map((t) => [t.id, t]));
  classes.forEach((c, classIndex) => {
    const mine = assignments
      .filter((a) => a.classIndex === classIndex)
      .sort((a, b) => b.hours - a.hours || a.id - b.id);
    const pick =
      primaryTeacher.get(c.id) ??
      mine.map((a) => teacherById.get(a.teacherId)!).find((t) => t.classTeacherOf.length === 0) ??
      teacherById.get(mine[0]!.teacherId)!;
    pick.classTeacherOf.push(c.id);
    c.classTeacherId = pick.id;
  });

  return {
    classes,
    subjects,
    curriculum: [...curriculumKeys.values()],
    modes,
    students,
    parents,
    teachers,
    admin,
    assignments,
  };
}
