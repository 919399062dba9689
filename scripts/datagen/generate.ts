import { addDays, isoWeekday, teachingDates } from '@common/calendar.js';
import { sql } from 'kysely';
import type { Database } from '../../server/db/client.js';
import type { PasswordHasher } from '../../server/lib/password.js';
import { ensureMarkPartitions } from '../../server/modules/journal/mark-partitions.js';
import { timetableConflicts } from '../../server/modules/timetable/conflicts.js';
import { regenerateRange } from '../../server/modules/timetable/generation.js';
import { type BulkLoader, type Row, reserveIds } from './bulk.js';
import {
  ATTENDANCE_COLUMNS,
  HOMEWORK_COLUMNS,
  type LessonRow,
  MARK_COLUMNS,
  planJournal,
  WORK_COLUMNS,
} from './journal.js';
import { type Manifest, type SchoolSample, sampleSchool } from './manifest.js';
import { type PersonPlan, planSchool } from './plan.js';
import { streamFor } from './random.js';
import { planTimetable } from './timetable.js';
import {
  type AccountDefaults,
  MEMBERSHIP_COLUMNS,
  writeOrganisation,
  writePeople,
  writeSchoolPeople,
} from './writers.js';
import { createYear } from './year.js';

/**
 * Fills the database with a district: one district education department under a region, `schools` schools
 * with `students` students each, a year from the national calendar, the timetable and `weeks` teaching weeks of
 * lessons with the journal filled in. School by school, so memory stays bounded whatever the district's size.
 *
 * Not generated: audit history. audit_events is append-only and records what people did through the app; the
 * generated marks, attendance and accounts have no such history (their created_by/updated_by name the teacher),
 * and the benchmark's own writes add audit rows as usual.
 */
export const DATAGEN_PASSWORD = 'dapter-bench-2026';
/** The district's `code`: how a later run recognises generated data. */
export const DATAGEN_CODE_PREFIX = 'datagen:';

export interface GenerateOptions {
  schools: number;
  students: number;
  weeks: number;
  seed: number;
  regionId: number;
  /** The calendar template (start year); default: the latest one. */
  templateYear?: number;
  /** Timestamp for accounts and acceptances. */
  at: Date;
}

export interface GenerateContext {
  db: Database;
  loader: BulkLoader;
  /**
   * More connections for schools in parallel (PostgreSQL): while one backend checks a school's marks, the other
   * loads the next school. PGlite is one connection: none.
   */
  moreLoaders?: BulkLoader[];
  hasher: PasswordHasher;
  log?: (line: string) => void;
}

export interface GenerateResult {
  counts: Record<string, number>;
  manifest: Manifest;
  seconds: number;
}

/** ISO dates compare as strings. */
const later = (a: string, b: string) => (a < b ? b : a);

/** The end of the `weeks`-th week (Sunday) that has teaching days, counted from the year's first day. */
export function rangeEnd(
  year: { startsOn: string; endsOn: string; daysPerWeek: number },
  daysOff: Parameters<typeof teachingDates>[0]['daysOff'],
  weeks: number,
) {
  let monday = addDays(year.startsOn, 1 - isoWeekday(year.startsOn));
  let counted = 0;
  let end = year.startsOn;
  while (counted < weeks && monday <= year.endsOn) {
    const sunday = addDays(monday, 6);
    const from = later(monday, year.startsOn);
    if (teachingDates({ startsOn: from, endsOn: sunday, daysPerWeek: year.daysPerWeek, daysOff }).length > 0) {
      counted++;
      end = sunday;
    }
    monday = addDays(monday, 7);
  }
  return later(end, year.endsOn) === end ? year.endsOn : end;
}

export async function generateDistrict(ctx: GenerateContext, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const { db, loader } = ctx;
  const log = ctx.log ?? (() => {});
  const counts: Record<string, number> = {};
  /** COPY and id blocks on one connection, counting the rows per table for the summary. */
  const bind = (on: BulkLoader) => ({
    copy: async (table: string, columns: readonly string[], rows: readonly Row[]) => {
      await on.copy(table, columns, rows);
      counts[table] = (counts[table] ?? 0) + rows.length;
    },
    ids: (table: string, n: number) => reserveIds(on, table, n),
  });
  const { copy, ids } = bind(loader);
  const stamp = opts.at.toISOString();

  // One argon2id hash (the app's hasher and cost), shared by every account: generation stays fast and the
  // benchmark can sign in as anyone with the one known password.
  const passwordHash = await ctx.hasher.hash(DATAGEN_PASSWORD);
  const templateYear =
    opts.templateYear ??
    (
      await db
        .selectFrom('calendarTemplates')
        .select('startYear')
        .orderBy('startYear', 'desc')
        .executeTakeFirstOrThrow()
    ).startYear;
  // The year's marks partition (migration 0019), so millions of COPYed marks do not land in marks_default.
  await ensureMarkPartitions(db, [templateYear]);
  // Everyone has accepted the current user agreement, if one is published (else sign-in asks them to).
  const agreement = await db
    .selectFrom('agreementVersions')
    .select('id')
    .where('publishedAt', 'is not', null)
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();

  // ── The district and its schools (INSERT: the ancestors trigger fills the tree path) ──────────────────
  const district = await db
    .insertInto('institutions')
    .values({
      parentId: opts.regionId,
      kind: 'district',
      nameKk: `Сынақ ауданының білім бөлімі (${opts.seed})`,
      nameRu: `Отдел образования тестового района (${opts.seed})`,
      nameEn: `Test district education department (${opts.seed})`,
      code: `${DATAGEN_CODE_PREFIX}${opts.seed}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const districtId = district.id;
  const schoolRows = await db
    .insertInto('institutions')
    .values(
      Array.from({ length: opts.schools }, (_, i) => ({
        parentId: districtId,
        kind: 'school' as const,
        nameKk: `№ ${i + 1} жалпы орта білім беретін мектеп`,
        nameRu: `Общеобразовательная школа № ${i + 1}`,
        nameEn: `Secondary School No. ${i + 1}`,
        code: `DG${districtId}-${String(i + 1).padStart(3, '0')}`,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const schoolIds = schoolRows.sort((a, b) => ((a.code ?? '') < (b.code ?? '') ? -1 : 1)).map((s) => s.id);
  counts.institutions = 1 + schoolIds.length;

  const accounts: AccountDefaults = { passwordHash, stamp, agreementId: agreement?.id ?? null };

  const districtAdminId = await ids('persons', 1);
  const districtAdmin: PersonPlan = {
    id: districtAdminId,
    surname: 'Серікова',
    firstName: 'Гүлнар',
    patronymic: null,
    birthDate: '1980-05-14',
    gender: 'female',
    username: `g${districtId}.admin`,
  };
  await writePeople(copy, accounts, [districtAdmin]);
  await copy('memberships', MEMBERSHIP_COLUMNS, [
    [districtId, await ids('memberships', 1), districtAdminId, 'district_employee', '{}', true, null, '2020-09-01'],
  ]);

  const samples: SchoolSample[] = [];
  let range = { from: '', to: '' };
  const generateSchool = async (i: number, schoolId: number, on: BulkLoader) => {
    const { copy, ids } = bind(on);
    const t0 = performance.now();
    const phases: string[] = [];
    let mark = t0;
    const phase = (name: string) => {
      const now = performance.now();
      phases.push(`${name} ${((now - mark) / 1000).toFixed(1)}`);
      mark = now;
    };
    const rng = streamFor(opts.seed, i + 1);
    const { year, periods, daysOff, bells } = await createYear(db, schoolId, templateYear, opts.at);
    counts.academic_years = (counts.academic_years ?? 0) + 1;
    const to = rangeEnd(year, daysOff, opts.weeks);
    range = { from: year.startsOn, to };
    const startYear = Number(year.startsOn.slice(0, 4));
    const plan = await planSchool(rng, {
      students: opts.students,
      startYear,
      usernamePrefix: `g${districtId}.s${i + 1}`,
      ids,
    });
    const tt = await planTimetable(plan, {
      daysPerWeek: year.daysPerWeek,
      maxLessonsPerDay: year.maxLessonsPerDay,
      ids,
    });
    const assignmentById = new Map(plan.assignments.map((a) => [a.id, a]));
    // The app's own conflict engine has the last word: no double booking, no day over the grade's limit, no
    // class × subject above its curriculum hours (an hour that found no slot is logged as "not placed").
    const clashes = timetableConflicts(
      tt.entries.map((e) => {
        const a = assignmentById.get(e.assignmentId)!;
        const c = plan.classes[a.classIndex]!;
        return {
          key: `e${e.id}`,
          classId: c.id,
          subgroupId: a.subgroupIndex === null ? null : c.subgroups[a.subgroupIndex]!.id,
          subjectId: a.subjectId,
          teacherPersonId: a.teacherId,
          roomId: e.roomId,
          day: e.weekday,
          shift: e.shift,
          lessonNumber: e.lessonNumber,
        };
      }),
      {
        bells,
        classes: new Map(plan.classes.map((c) => [c.id, { grade: c.grade, language: c.language }])),
        maxLessonsPerDay: year.maxLessonsPerDay,
        curriculum: plan.curriculum.map((c) => ({ ...c, hoursPerWeek: c.hours })),
      },
    );
    if (clashes.length > 0)
      throw new Error(`school ${i + 1}: ${clashes.length} timetable conflicts (${clashes[0]!.kind})`);

    phase('plan');
    await writeSchoolPeople(copy, ids, accounts, { schoolId, plan, yearStartsOn: year.startsOn });
    phase('people');
    await writeOrganisation(copy, ids, { schoolId, yearId: year.id, yearStartsOn: year.startsOn, plan, tt });
    phase('organisation');
    // ── Lessons: the timetable module's own set-based generation (teaching dates, quarters, days off) ──────
    // The school's timetable was bulk-loaded a moment ago: without fresh statistics the planner takes it for empty
    // and the generation slowed from ≈ 1.6 s to 15–25 s per school as the district filled (autovacuum lags COPY).
    // Lessons are analysed once they hold this school's: analysed empty, the marks' foreign-key checks that follow
    // plan a scan of lessons per mark (the first school's marks took 58 s instead of 3).
    await sql`analyze timetable_entries, teaching_assignments, classes`.execute(db);
    const generated = await regenerateRange(db, { schoolId, year, from: year.startsOn, to });
    await sql`analyze lessons`.execute(db);
    counts.lessons = (counts.lessons ?? 0) + generated.created;
    const lessons: LessonRow[] = await db
      .selectFrom('lessons')
      .select([
        'id',
        'date',
        'lessonNumber',
        'classId',
        'subgroupId',
        'subjectId',
        'teacherPersonId',
        'periodId',
        'timetableEntryId',
      ])
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', year.id)
      .orderBy('date')
      .orderBy('shift')
      .orderBy('lessonNumber')
      .orderBy('classId')
      .orderBy(sql`subgroup_id nulls first`)
      .orderBy('subjectId')
      .execute();

    phase('lessons');
    // ── Journal ──────────────────────────────────────────────────────────────────────────────────────────
    const journal = planJournal(rng, { schoolId, plan, entries: tt.entries, lessons, year, periods, daysOff, to });
    const { rows } = journal;
    journal.ids({
      works: await ids('assessment_works', rows.counts.works),
      marks: await ids('marks', rows.counts.marks),
      homework: await ids('homework', rows.counts.homework),
    });
    phase('journal plan');
    if (rows.topics.length > 0) {
      await sql`
        update lessons l set topic = t.topic
          from unnest(${rows.topics.map((t) => t[0])}::bigint[], ${rows.topics.map((t) => t[1])}::text[]) as t (id, topic)
         where l.school_id = ${schoolId} and l.id = t.id`.execute(db);
    }
    phase('topics');
    await copy('assessment_works', WORK_COLUMNS, rows.works);
    await copy('marks', MARK_COLUMNS, rows.marks);
    phase('marks');
    await copy('attendance', ATTENDANCE_COLUMNS, rows.attendance);
    await copy('homework', HOMEWORK_COLUMNS, rows.homework);

    phase('attendance+homework');
    samples.push(sampleSchool({ schoolId, yearId: year.id, plan, periods }));
    log(
      `school ${i + 1}/${opts.schools}: ${plan.students.length} students, ${plan.teachers.length} teachers, ` +
        `${tt.entries.length} timetable entries${tt.unplaced ? ` (${tt.unplaced} hours not placed)` : ''}, ` +
        `${lessons.length} lessons, ${rows.marks.length} marks, ${rows.attendance.length} absences ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s: ${phases.join(', ')})`,
    );
  };
  // Schools in parallel, one per connection; each school's own random stream keeps the data the same.
  let nextSchool = 0;
  const worker = async (loader: BulkLoader) => {
    while (nextSchool < schoolIds.length) {
      const i = nextSchool++;
      await generateSchool(i, schoolIds[i]!, loader);
    }
  };
  await Promise.all([loader, ...(ctx.moreLoaders ?? [])].map(worker));
  samples.sort((a, b) => a.schoolId - b.schoolId);

  const manifest: Manifest = {
    generatedAt: opts.at.toISOString(),
    seed: opts.seed,
    options: { schools: opts.schools, students: opts.students, weeks: opts.weeks, templateYear },
    password: DATAGEN_PASSWORD,
    range,
    regionId: opts.regionId,
    districtId,
    districtAdmin: { username: districtAdmin.username, personId: districtAdmin.id },
    schools: samples,
  };
  return { counts, manifest, seconds: (performance.now() - started) / 1000 };
}
