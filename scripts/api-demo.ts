/**
 * `npm run api:demo` — a third-party client of the Kundelik-compatible v2 API in ~100 lines: signs in as the
 * demo parent through `POST /v2/authorizations/bycredentials` with the demo API client (snake_case body, like
 * the Kundelik bots), then prints each child's marks of this week and the homework for tomorrow.
 *
 *   BASE_URL=http://localhost:3000 npm run api:demo
 *
 * Env: BASE_URL (default http://localhost:3000), DEMO_USERNAME / DEMO_PASSWORD (default the demo parent),
 * API_CLIENT_ID / API_CLIENT_SECRET (default the demo client the seed registers). Only the v2 API is used.
 */
import { DEMO_API_CLIENT } from '../server/db/../modules/api-clients/api-clients.demo.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { localDate } from '../server/lib/clock.js';

export interface DemoOptions {
  baseUrl?: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  /** "Now" (tests pin it); the week and "tomorrow" are school-local days. */
  now?: Date;
  print?: (line: string) => void;
}

type Obj = Record<string, unknown>;
const list = (v: unknown) => (Array.isArray(v) ? (v as Obj[]) : []);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export async function main(opts: DemoOptions = {}): Promise<string[]> {
  const base = (opts.baseUrl ?? process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    (opts.print ?? console.log)(line);
  };

  const login = await fetch(`${base}/v2/authorizations/bycredentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: opts.username ?? process.env.DEMO_USERNAME ?? DEMO_USERS.parent.username,
      password: opts.password ?? process.env.DEMO_PASSWORD ?? DEMO_PASSWORD,
      client_id: opts.clientId ?? process.env.API_CLIENT_ID ?? DEMO_API_CLIENT.clientId,
      client_secret: opts.clientSecret ?? process.env.API_CLIENT_SECRET ?? DEMO_API_CLIENT.clientSecret,
      scope: 'EducationalInfo,CommonInfo,Relatives',
    }),
  });
  const token = (await login.json()) as Obj;
  if (login.status !== 200 || typeof token.accessToken !== 'string') {
    throw new Error(`sign-in failed: ${login.status} ${String(token.type)}: ${String(token.description)}`);
  }
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${base}/v2${path}`, { headers: { 'Access-Token': token.accessToken as string } });
    const body = (await res.json()) as unknown;
    if (res.status !== 200) throw new Error(`GET /v2${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const today = localDate(opts.now ?? new Date());
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const sunday = addDays(monday, 6);
  const tomorrow = addDays(today, 1);
  const context = (await get('/users/me/context')) as Obj;
  print(`Signed in as ${String(context.shortName)} (user ${String(token.user_str)}) at ${base}`);
  const children = list(context.children);
  if (children.length === 0) print('No children are linked to this account.');

  for (const child of children) {
    const person = String(child.personId);
    const school = (child.schoolIds as unknown[] | undefined)?.[0];
    const group = (child.groupIds as unknown[] | undefined)?.[0];
    print('');
    print(`${String(child.shortName)}`);
    if (school === undefined || group === undefined) {
      print('  (not in a class this year)');
      continue;
    }
    // The diary week (J2ME's call): lessons → subjects by id; it runs to tomorrow when that is next week.
    const end = [tomorrow, sunday].sort()[1];
    const schedule = (await get(
      `/persons/${person}/groups/${String(group)}/schedules?startDate=${monday}&endDate=${end}`,
    )) as Obj;
    const days = list(schedule.days);
    const subjectName = new Map<unknown, string>();
    const lessonSubject = new Map<unknown, unknown>();
    const lessonDate = new Map<unknown, string>();
    for (const d of days) {
      for (const s of list(d.subjects)) subjectName.set(s.id, String(s.name));
      for (const l of list(d.lessons)) {
        lessonSubject.set(l.id, l.subjectId);
        lessonDate.set(l.id, String(l.date).slice(0, 10));
      }
    }
    const subjectOf = (x: Obj) => subjectName.get(x.subjectId ?? lessonSubject.get(x.lesson)) ?? '—';

    const marks = list(await get(`/persons/${person}/schools/${String(school)}/marks/${monday}/${sunday}`));
    print(`  Marks this week (${monday} – ${sunday}):`);
    if (marks.length === 0) print('    none yet');
    // A mark's own `date` is when it was given; the diary shows the lesson's day.
    const dayOf = (m: Obj) => lessonDate.get(m.lesson) ?? String(m.date).slice(0, 10);
    for (const m of [...marks].sort((a, b) => dayOf(a).localeCompare(dayOf(b)))) {
      print(`    ${dayOf(m)}  ${subjectOf(m)}  ${String(m.textValue ?? m.value)}`);
    }

    // A homework is a Work due on its targetDate (whichever day's list carries it).
    const due = new Map<unknown, Obj>();
    for (const h of days.flatMap((d) => list(d.homeworks))) {
      if (String(h.targetDate).slice(0, 10) === tomorrow) due.set(h.id, h);
    }
    const homework = [...due.values()];
    print(`  Homework for tomorrow (${tomorrow}):`);
    if (homework.length === 0) print('    none');
    for (const h of homework) print(`    ${subjectOf(h)}: ${String(h.text)}`);
  }
  return lines;
}

// Run only as a script (the test imports main and runs it against a test server).
if (process.argv[1]?.endsWith('api-demo.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`api:demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
