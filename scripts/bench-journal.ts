/**
 * `npm run bench:journal [-- --runs 30]`: the journal of a class of 35 students × 50 lessons (a quarter with
 * half of its cells holding ФО marks, some attendance and three СОр works with scores), on a fresh embedded
 * database (PGlite on disk, as `npm start` uses it) and — when DATABASE_URL is set — on a throwaway PostgreSQL
 * database. Through the real HTTP routes (app.inject): the grid's load time (median and p95 of `--runs` GETs) and
 * mark-save throughput, one cell per request (typing) and a column of 35 per request (pasting). Not a test: it
 * prints figures for the note.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { type DbHandle, openDatabase } from '../server/db/client.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { REGION_IDS } from '../server/db/migrations/0002_reference_institutions.js';
import { ManualClock } from '../server/lib/clock.js';
import { MemoryMailer } from '../server/lib/mail.js';
import { PasswordHasher, TEST_COST } from '../server/lib/password.js';
import { createJournal } from '../server/modules/journal/journal.fixtures.js';
import { markYearStart } from '../server/modules/journal/mark-partitions.js';
import { SESSION_COOKIE } from '../server/plugins/auth.js';
import { createInstitution, createPerson } from '../server/test/factories.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 30);
const STUDENTS = 35;
const LESSONS = 50;
/** Lessons 0…29 come prefilled; 30…35 take single-cell saves, 36…49 pasted columns. */
const PREFILLED = 30;
const SINGLE_LESSONS = 6;

const ms = (x: number) => `${x.toFixed(1)} ms`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function bench(label: string, handle: DbHandle, dataDir: string) {
  const db = handle.db;
  await migrateToLatest(db as never);
  const hasher = new PasswordHasher(TEST_COST);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  });
  // 1 October 2026: the first quarter is the current one.
  const clock = new ManualClock(new Date('2026-10-01T04:00:00Z'));
  const app = await buildApp({ config, db, clock, hasher, mailer: new MemoryMailer() });
  await app.ready();
  const district = await createInstitution(db, REGION_IDS[0]!, 'district');
  const school = await createInstitution(db, district.id, 'school');
  const teacher = await createPerson(db, hasher, {
    institutionId: school.id,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  const j = await createJournal(db, hasher, {
    schoolId: school.id,
    teacherPersonId: teacher.personId,
    students: STUDENTS,
    lessons: LESSONS,
    perDay: 2,
  });
  // Prefill: half the cells of the first 30 lessons, ~4 % attendance, three СОр works scored for everyone.
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const by = teacher.personId;
  const marks = [];
  const absences = [];
  for (const l of j.lessons.slice(0, PREFILLED)) {
    for (const s of j.students) {
      const r = rand();
      if (r < 0.5)
        marks.push({
          schoolId: school.id,
          yearStart: markYearStart(l.date),
          studentPersonId: s.personId,
          lessonId: l.id,
          kind: 'fo' as const,
          value: 5 + Math.floor(rand() * 6),
          createdBy: by,
          updatedBy: by,
        });
      else if (r < 0.54)
        absences.push({
          schoolId: school.id,
          studentPersonId: s.personId,
          lessonId: l.id,
          code: 'sick' as const,
          updatedBy: by,
        });
    }
  }
  await db.insertInto('marks').values(marks).execute();
  await db.insertInto('attendance').values(absences).execute();
  for (const [i, l] of [j.lessons[8]!, j.lessons[18]!, j.lessons[28]!].entries()) {
    const w = await db
      .insertInto('assessmentWorks')
      .values({
        schoolId: school.id,
        assignmentId: j.assignmentId,
        periodId: j.q1.id,
        kind: 'sor',
        title: `БЖБ ${i + 1}`,
        maxScore: 15,
        date: l.date,
        lessonId: l.id,
        createdBy: by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('marks')
      .values(
        j.students.map((s) => ({
          schoolId: school.id,
          yearStart: markYearStart(l.date),
          studentPersonId: s.personId,
          workId: w.id,
          kind: 'score' as const,
          score: Math.round(rand() * 15),
          createdBy: by,
          updatedBy: by,
        })),
      )
      .execute();
  }

  const signIn = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: teacher.username, password: teacher.password },
  });
  const cookie = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } });
  const csrf = me.json().csrfToken as string;
  const call = (method: 'GET' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, payload, cookies: { [SESSION_COOKIE]: cookie }, headers: { 'x-csrf-token': csrf } });
  const gridUrl = `/api/v1/journal/${j.assignmentId}?periodId=${j.q1.id}`;

  // Grid load.
  for (let i = 0; i < 3; i++) await call('GET', gridUrl);
  const times: number[] = [];
  let size = 0;
  let cells = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await call('GET', gridUrl);
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`grid: ${res.statusCode} ${res.body.slice(0, 200)}`);
    size = res.body.length;
    cells = res.json().marks.length;
  }

  // Single-cell saves, as typed.
  const single = j.lessons
    .slice(PREFILLED, PREFILLED + SINGLE_LESSONS)
    .flatMap((l) => j.students.map((s) => ({ studentId: s.personId, lessonId: l.id })));
  const s0 = performance.now();
  for (const c of single) {
    const res = await call('PUT', `/api/v1/journal/${j.assignmentId}/marks`, {
      cells: [{ ...c, value: 8, expectedVersion: null }],
    });
    if (res.statusCode !== 200) throw new Error(`save: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  const singleMs = performance.now() - s0;

  // Pasted columns of 35.
  const columns = j.lessons.slice(PREFILLED + SINGLE_LESSONS);
  const b0 = performance.now();
  for (const l of columns) {
    const res = await call('PUT', `/api/v1/journal/${j.assignmentId}/marks`, {
      cells: j.students.map((s) => ({ studentId: s.personId, lessonId: l.id, value: 9, expectedVersion: null })),
    });
    if (res.statusCode !== 200) throw new Error(`batch: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  const batchMs = performance.now() - b0;
  const batchCells = columns.length * STUDENTS;

  console.log(`\n${label}`);
  console.log(
    `  grid ${STUDENTS} students × ${LESSONS} lessons + 3 works (${cells} marks, ${(size / 1024).toFixed(0)} KiB JSON): ` +
      `median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, min ${ms(Math.min(...times))} over ${RUNS} GETs`,
  );
  console.log(
    `  single-cell saves: ${single.length} in ${(singleMs / 1000).toFixed(2)} s — ${(single.length / (singleMs / 1000)).toFixed(0)} cells/s, ` +
      `${ms(singleMs / single.length)} per save`,
  );
  console.log(
    `  pasted columns of ${STUDENTS}: ${columns.length} in ${(batchMs / 1000).toFixed(2)} s — ${(batchCells / (batchMs / 1000)).toFixed(0)} cells/s, ` +
      `${ms(batchMs / columns.length)} per column`,
  );
  await app.close();
}

async function main() {
  console.log(`bench:journal — grid load and mark saves through app.inject (${RUNS} runs)`);
  const dir = mkdtempSync(join(tmpdir(), 'dapter-bench-journal-'));
  const embedded = await openDatabase({ dataDir: dir });
  try {
    await bench(`embedded PGlite (${dir})`, embedded, dir);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('\n(PostgreSQL: set DATABASE_URL to a role that may CREATE DATABASE to measure it too)');
    return;
  }
  const name = `dapter_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: target.toString(), dataDir: dir });
  try {
    await bench(`PostgreSQL (${target.host})`, handle, dir);
  } finally {
    await handle.close();
    // Without FORCE: a still-open pooled connection would otherwise be killed under the process's feet.
    await admin.query(`drop database if exists ${name}`).catch((e) => console.log(`  (could not drop ${name}: ${e})`));
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
