import { defaultAssessmentMode } from '@common/curriculum.js';
import type { Database } from '../../db/client.js';

/**
 * Demo organisation of a school for one year (wired into server/db/seed-demo.ts by the lead): subjects from the
 * national catalogue, five classes (a Kazakh-medium «5 Ә» with two English sub-groups, a Russian-medium «5 Б»,
 * «1 А», «7 А», «10 А»), the Typical Curriculum's weekly hours for their grades and languages (Order No. 500 as
 * amended, kz-school-rules §2.2), assessment modes as the defaults suggest, teaching assignments and students.
 *
 * teacherPersonIds[0] (teacher.demo) teaches mathematics everywhere and is the class teacher of «5 Ә»;
 * studentPersonIds[0] (student.demo) is in «5 Ә». The other subjects go round the other teachers.
 */

type Hours = Record<string, number>;
const CURRICULUM: Array<{ grade: number; language: string; hours: Hours }> = [
  {
    grade: 1,
    language: 'kk',
    hours: {
      alippe_ana_tili: 6,
      mathematics: 4,
      digital_literacy: 0.5,
      natural_science: 1,
      knowledge_of_world: 1,
      music: 1,
      labour_training: 1,
      visual_arts: 1,
      physical_education: 3,
    },
  },
  {
    grade: 5,
    language: 'kk',
    hours: {
      kazakh_language: 3,
      kazakh_literature: 2,
      russian_language_literature: 3,
      english: 3,
      mathematics: 5,
      informatics: 1,
      natural_science: 2,
      history_of_kazakhstan: 2,
      world_history: 1,
      music: 1,
      artistic_work: 2,
      physical_education: 3,
      global_competencies: 0.5,
    },
  },
  {
    grade: 5,
    language: 'ru',
    hours: {
      russian_language: 3,
      russian_literature: 2,
      kazakh_language_literature: 4,
      english: 3,
      mathematics: 5,
      informatics: 1,
      natural_science: 2,
      history_of_kazakhstan: 2,
      world_history: 1,
      music: 1,
      artistic_work: 2,
      physical_education: 3,
      global_competencies: 0.5,
    },
  },
  {
    grade: 7,
    language: 'kk',
    hours: {
      kazakh_language: 2,
      kazakh_literature: 2,
      russian_language_literature: 2,
      english: 3,
      algebra: 3,
      geometry: 2,
      informatics: 1,
      physics: 2,
      chemistry: 2,
      biology: 2,
      geography: 2,
      history_of_kazakhstan: 1,
      world_history: 1,
      artistic_work: 1,
      physical_education: 3,
    },
  },
  {
    grade: 10,
    language: 'ru',
    hours: {
      russian_language: 2,
      russian_literature: 2,
      kazakh_language_literature: 3,
      english: 2,
      algebra_analysis: 3,
      geometry: 2,
      informatics: 2,
      physics: 3,
      chemistry: 2,
      biology: 2,
      geography: 1,
      history_of_kazakhstan: 2,
      world_history: 1,
      basics_of_law: 1,
      nvp: 2,
      physical_education: 2,
    },
  },
];

const CLASSES = [
  { grade: 1, letter: 'А', language: 'kk', shift: 1 },
  { grade: 5, letter: 'Ә', language: 'kk', shift: 1 },
  { grade: 5, letter: 'Б', language: 'ru', shift: 1 },
  { grade: 7, letter: 'А', language: 'kk', shift: 1 },
  { grade: 10, letter: 'А', language: 'ru', shift: 1 },
] as const;

const MATHS = new Set(['mathematics', 'algebra', 'algebra_analysis', 'geometry']);

export interface DemoClasses {
  subjectIds: Record<string, number>;
  /** By name, e.g. '5 Ә'. */
  classIds: Record<string, number>;
  assignmentIds: number[];
}

export async function seedDemoClasses(
  db: Database,
  opts: { schoolId: number; yearId: number; teacherPersonIds: number[]; studentPersonIds: number[] },
): Promise<DemoClasses> {
  // All or nothing: a half-seeded school would make the next start's seed fail on duplicates.
  return db.transaction().execute((trx) => seed(trx, opts));
}

async function seed(
  db: Database,
  opts: { schoolId: number; yearId: number; teacherPersonIds: number[]; studentPersonIds: number[] },
): Promise<DemoClasses> {
  const { schoolId, yearId, teacherPersonIds, studentPersonIds } = opts;
  if (teacherPersonIds.length === 0) throw new Error('seedDemoClasses needs at least one teacher');
  const year = await db
    .selectFrom('academicYears')
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .select(['startsOn'])
    .executeTakeFirstOrThrow();

  const codes = [...new Set(CURRICULUM.flatMap((c) => Object.keys(c.hours)))];
  const subjects = await db
    .insertInto('subjects')
    .columns(['schoolId', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn'])
    .expression((eb) =>
      eb
        .selectFrom('subjectCatalogue')
        .where('code', 'in', codes)
        .select((s) => [s.val(schoolId).as('schoolId'), 'code', 'nameKk', 'nameRu', 'nameEn']),
    )
    .returning(['id', 'catalogueCode'])
    .execute();
  const subjectIds = Object.fromEntries(subjects.map((s) => [s.catalogueCode!, s.id]));

  await db
    .insertInto('curriculumHours')
    .values(
      CURRICULUM.flatMap((c) =>
        Object.entries(c.hours).map(([code, hoursPerWeek]) => ({
          schoolId,
          yearId,
          grade: c.grade,
          language: c.language,
          subjectId: subjectIds[code]!,
          hoursPerWeek,
        })),
      ),
    )
    .execute();

  // Assessment modes stored explicitly (as the defaults suggest), so the demo shows a filled-in table.
  const modes = new Map<string, { subjectId: number; grade: number; hours: number; code: string }>();
  for (const c of CURRICULUM) {
    for (const [code, h] of Object.entries(c.hours)) {
      const key = `${code}|${c.grade}`;
      const prev = modes.get(key);
      modes.set(key, { subjectId: subjectIds[code]!, grade: c.grade, code, hours: Math.max(prev?.hours ?? 0, h) });
    }
  }
  await db
    .insertInto('assessmentModes')
    .values(
      [...modes.values()].map((m) => ({
        schoolId,
        yearId,
        subjectId: m.subjectId,
        grade: m.grade,
        ...defaultAssessmentMode({ catalogueCode: m.code, grade: m.grade, hoursPerWeek: m.hours }),
      })),
    )
    .execute();

  const classes = await db
    .insertInto('classes')
    .values(
      CLASSES.map((c) => ({
        schoolId,
        yearId,
        ...c,
        classTeacherPersonId: c.grade === 5 && c.letter === 'Ә' ? teacherPersonIds[0]! : null,
      })),
    )
    .returning(['id', 'grade', 'letter', 'language'])
    .execute();
  const classIds = Object.fromEntries(classes.map((c) => [`${c.grade} ${c.letter}`, c.id]));

  // Students: student.demo in «5 Ә», the others spread over the classes.
  if (studentPersonIds.length > 0) {
    const order = ['5 Ә', '5 Б', '7 А', '10 А', '1 А'];
    await db
      .insertInto('classEnrollments')
      .values(
        studentPersonIds.map((studentPersonId, i) => ({
          schoolId,
          yearId,
          classId: classIds[order[i % order.length]!]!,
          studentPersonId,
          startsOn: year.startsOn,
        })),
      )
      .execute();
  }
  const fiveA = classIds['5 Ә']!;
  const inFiveA = studentPersonIds.filter((_, i) => i % 5 === 0);
  const groups = await db
    .insertInto('subgroups')
    .values([
      { schoolId, classId: fiveA, name: '1-топ' },
      { schoolId, classId: fiveA, name: '2-топ' },
    ])
    .returning('id')
    .execute();
  const halves = [inFiveA.filter((_, i) => i % 2 === 0), inFiveA.filter((_, i) => i % 2 === 1)];
  const members = groups.flatMap((g, i) =>
    (halves[i] ?? []).map((studentPersonId) => ({ schoolId, subgroupId: g.id, studentPersonId })),
  );
  if (members.length > 0) await db.insertInto('subgroupMembers').values(members).execute();

  // Assignments: maths to teacher.demo, the rest round the other teachers; English in «5 Ә» per sub-group.
  const others = teacherPersonIds.length > 1 ? teacherPersonIds.slice(1) : teacherPersonIds;
  let turn = 0;
  const rows: Array<{ classId: number; subgroupId: number | null; subjectId: number; teacherPersonId: number }> = [];
  for (const c of classes) {
    const plan = CURRICULUM.find((p) => p.grade === c.grade && p.language === c.language);
    for (const code of Object.keys(plan?.hours ?? {})) {
      const subjectId = subjectIds[code]!;
      if (MATHS.has(code)) {
        rows.push({ classId: c.id, subgroupId: null, subjectId, teacherPersonId: teacherPersonIds[0]! });
      } else if (c.id === fiveA && code === 'english') {
        for (const [i, g] of groups.entries()) {
          rows.push({ classId: c.id, subgroupId: g.id, subjectId, teacherPersonId: others[i % others.length]! });
        }
      } else {
        rows.push({ classId: c.id, subgroupId: null, subjectId, teacherPersonId: others[turn++ % others.length]! });
      }
    }
  }
  const assignments = await db
    .insertInto('teachingAssignments')
    .values(rows.map((r) => ({ schoolId, yearId, ...r })))
    .returning('id')
    .execute();
  return { subjectIds, classIds, assignmentIds: assignments.map((a) => a.id) };
}
