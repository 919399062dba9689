/**
 * `npm run bench:import [-- --people 5000]`: imports a generated school of 5,000 people (students in classes,
 * one parent each, teachers and staff) from an XLSX file into a fresh embedded database (PGlite on disk, as
 * `npm start` uses it), through the real HTTP routes — dry run, then apply — prints the timings, then imports
 * the same file again and proves that nothing changed. Issue 4's bar: the first import under a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ImportJobDetail } from '@common/schemas/imports.js';
import { sql } from 'kysely';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { REGION_IDS } from '../server/db/migrations/0002_reference_institutions.js';
import { systemClock } from '../server/lib/clock.js';
import { MemoryMailer } from '../server/lib/mail.js';
import { PasswordHasher } from '../server/lib/password.js';
import { makeIin, multipart, peopleXlsx, type TemplateRow } from '../server/modules/imports/imports.fixtures.js';
import { SESSION_COOKIE } from '../server/plugins/auth.js';
import { createInstitution, createPerson } from '../server/test/factories.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TOTAL = arg('people', 5000);
const STAFF = Math.round(TOTAL * 0.04);
const STUDENTS = Math.floor((TOTAL - STAFF) / 2);
const PARENTS = TOTAL - STAFF - STUDENTS;

const SURNAMES = [
  'Ахметов',
  'Серіков',
  'Жұмабаев',
  'Құдайбергенов',
  'Төлеуов',
  'Оспанов',
  'Нұрланов',
  'Әбілов',
  'Ким',
  'Петров',
];
const FEMALE = (s: string) => (s.endsWith('ов') || s.endsWith('ев') ? `${s}а` : s);
const NAMES = {
  male: ['Нұрлан', 'Ерлан', 'Тимур', 'Арман', 'Дәулет', 'Ғалым'],
  female: ['Айгерім', 'Дана', 'Әсел', 'Мадина', 'Іңкәр', 'Ұлжан'],
};
const LETTERS = ['А', 'Ә', 'Б', 'В', 'Г', 'Ғ', 'Д', 'Е', 'Ж'];
const dotted = (iso: string) => iso.split('-').reverse().join('.');

function generate(): TemplateRow[] {
  const rows: TemplateRow[] = [];
  let serial = 1;
  for (let i = 0; i < STUDENTS; i++) {
    const grade = 1 + (i % 11);
    const letter = LETTERS[Math.floor(i / 11) % LETTERS.length]!;
    const gender = i % 2 === 0 ? 'male' : 'female';
    const year = 2026 - 6 - grade;
    const birth = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const surname = SURNAMES[i % SURNAMES.length]!;
    const iin = makeIin(birth, gender, serial++);
    rows.push({
      role: 'ученик',
      surname: gender === 'female' ? FEMALE(surname) : surname,
      firstName: NAMES[gender][i % 6]!,
      birthDate: dotted(birth),
      gender: gender === 'male' ? 'м' : 'ж',
      iin,
      class: `${grade} ${letter}`,
      language: i % 3 === 0 ? 'русский' : 'казахский',
      externalId: `S${i}`,
    });
    if (i < PARENTS) {
      const pBirth = `${year - 28}-0${1 + (i % 9)}-1${i % 10}`;
      rows.push({
        role: 'родитель',
        surname: FEMALE(surname),
        firstName: NAMES.female[(i + 3) % 6]!,
        patronymic: 'Серікқызы',
        birthDate: dotted(pBirth),
        gender: 'ж',
        iin: makeIin(pBirth, 'female', serial++),
        phone: `+7 701 ${String(1_000_000 + i).slice(1)}`,
        externalId: `P${i}`,
        parentOf: iin,
        relation: 'мать',
      });
    }
  }
  for (let i = 0; i < STAFF; i++) {
    const birth = `19${70 + (i % 25)}-05-${String(1 + (i % 28)).padStart(2, '0')}`;
    rows.push({
      role: i % 5 === 0 ? 'сотрудник' : 'учитель',
      surname: FEMALE(SURNAMES[i % SURNAMES.length]!),
      firstName: NAMES.female[i % 6]!,
      birthDate: dotted(birth),
      gender: 'ж',
      iin: makeIin(birth, 'female', serial++),
      email: `teacher${i}@school.example.kz`,
      externalId: `T${i}`,
    });
  }
  return rows;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'dapter-bench-'));
  const t0 = performance.now();
  const handle = await openDatabase({ dataDir: dir });
  await migrateToLatest(handle.db as never);
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  });
  // The production hasher: temporary passwords use its cost for generated secrets (lib/password.ts).
  const hasher = new PasswordHasher();
  const deps = { config, db: handle.db, clock: systemClock, hasher, mailer: new MemoryMailer() };
  const app = await buildApp(deps);
  await app.ready();
  const district = await createInstitution(handle.db, REGION_IDS[0]!, 'district');
  const school = await createInstitution(handle.db, district.id, 'school');
  const admin = await createPerson(handle.db, hasher, {
    institutionId: school.id,
    profile: 'school_employee',
    isAdmin: true,
  });
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: admin.username, password: admin.password },
  });
  const cookie = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } });
  const csrf = me.json().csrfToken as string;
  const call = (method: 'GET' | 'POST', url: string, payload?: Buffer | object, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      payload,
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': csrf, ...headers },
    });
  const year = await call('POST', '/api/v1/school-years', { templateStartYear: 2026 });
  if (year.statusCode !== 201) throw new Error(`school year: ${year.statusCode} ${year.body}`);
  const setup = performance.now() - t0;

  const g0 = performance.now();
  const rows = generate();
  const xlsx = await peopleXlsx(rows);
  const generated = performance.now() - g0;

  const counts = async () => {
    const { rows: r } = await sql<Record<string, number>>`
      select (select count(*)::int from persons) as persons, (select count(*)::int from accounts) as accounts,
             (select count(*)::int from memberships where institution_id = ${school.id}) as memberships,
             (select count(*)::int from classes where school_id = ${school.id}) as classes,
             (select count(*)::int from class_enrollments where school_id = ${school.id}) as enrolments,
             (select count(*)::int from guardianships where institution_id = ${school.id}) as links,
             (select count(*)::int from audit_events where institution_id = ${school.id} and action not like 'import.%') as audit,
             (select max(updated_at)::text from persons) as "lastUpdate"`.execute(handle.db);
    return r[0]!;
  };

  const importOnce = async (label: string) => {
    const d0 = performance.now();
    const { body, contentType } = multipart('school.xlsx', xlsx);
    const created = await call('POST', '/api/v1/imports?kind=people', body, { 'content-type': contentType });
    if (created.statusCode !== 201) throw new Error(`dry run: ${created.statusCode} ${created.body.slice(0, 300)}`);
    const job = created.json() as ImportJobDetail;
    const dry = performance.now() - d0;
    const a0 = performance.now();
    const started = await call('POST', `/api/v1/imports/${job.id}/apply`);
    if (started.statusCode !== 202) throw new Error(`apply: ${started.statusCode} ${started.body.slice(0, 300)}`);
    let done: ImportJobDetail;
    let polls = 0;
    for (;;) {
      done = (await call('GET', `/api/v1/imports/${job.id}`)).json();
      polls++;
      if (done.status !== 'applying') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const applied = performance.now() - a0;
    if (done.status !== 'applied') throw new Error(`apply ${done.status}: ${done.error}`);
    console.log(
      `${label}: ${rows.length} rows — dry run ${(dry / 1000).toFixed(1)} s, apply ${(applied / 1000).toFixed(1)} s, ` +
        `total ${((dry + applied) / 1000).toFixed(1)} s; summary ${JSON.stringify(job.summary)} (${polls} progress polls)`,
    );
    return { job, total: dry + applied };
  };

  console.log(
    `bench:import — ${TOTAL} people (${STUDENTS} students, ${PARENTS} parents, ${STAFF} staff), embedded PGlite in ${dir}`,
  );
  console.log(
    `setup (fresh database, migrations, school, year) ${(setup / 1000).toFixed(1)} s; XLSX generated in ${(generated / 1000).toFixed(1)} s (${(xlsx.length / 1024).toFixed(0)} KiB)`,
  );
  const first = await importOnce('first import ');
  const afterFirst = await counts();
  console.log(`  database: ${JSON.stringify(afterFirst)}`);
  const second = await importOnce('re-import    ');
  const afterSecond = await counts();
  const unchanged = JSON.stringify(afterFirst) === JSON.stringify(afterSecond);
  const allUnchanged = second.job.summary?.unchanged === rows.length;
  console.log(`  re-import: every row unchanged: ${allUnchanged}; database unchanged: ${unchanged}`);
  console.log(
    `first import ${(first.total / 1000).toFixed(1)} s — ${first.total < 60_000 ? 'under' : 'OVER'} one minute`,
  );

  await app.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  if (!unchanged || !allUnchanged || first.total >= 60_000) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
