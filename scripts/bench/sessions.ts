import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Manifest, SchoolSample } from '../datagen/manifest.js';

export type Role = 'parent' | 'student' | 'teacher' | 'admin' | 'district';

/** A signed-in user of the generated district: the headers every request of theirs carries. */
export interface Session {
  role: Role;
  username: string;
  personId: number;
  school: SchoolSample | null;
  /** Children (parent), the student themself (student), assignment ids (teacher). */
  ids: number[];
  headers: Record<string, string>;
}

export type Sessions = Record<Role, Session[]>;

const SESSION_COOKIE = 'dapter_session';

/** Sign-in through the real endpoint, then GET /me for the CSRF secret writes need. */
async function signIn(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`sign-in of ${username}: no session cookie`);
  const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`GET /me of ${username} failed: ${me.status}`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** Every school's samples, interleaved (school 1's first, school 2's first, …): a small pool spans the district. */
/**
 * One of each school's list in turn, each school's list started one further along: a manifest's lists run from
 * grade 1 up, and with as many schools as users wanted a plain interleave would take every school's first — all
 * grade-1 pupils and teachers, who get no marks (a 50-school district sampled no graded journal at all).
 */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    lists.forEach((l, school) => {
      if (i < l.length) out.push(l[(i + school) % l.length]!);
    });
  }
  return out;
}

/**
 * Signs in up to `perRole` different users of each role from the manifest. Each request of a scenario then picks
 * one of them, so the load is spread over many sessions and schools, not one hot user. One at a time by default:
 * concurrent sign-ins from one address can hit a race in auth/throttle.ts (lockRow finds no row: 500), reported
 * to the lead rather than worked around here.
 */
export async function signInPool(
  baseUrl: string,
  manifest: Manifest,
  perRole: number,
  parallel = 1,
  /**
   * A file of cookies by username (--sessions-cache): sessions still live are reused, so back-to-back A/B runs skip
   * the sign-ins (password hashing: ≈ 1 min for 40 users on a loaded 2-core machine). Benchmark databases only.
   */
  cacheFile?: string,
): Promise<Sessions> {
  const wanted: Array<Omit<Session, 'headers'>> = [];
  const add = (role: Role, list: Array<Omit<Session, 'headers' | 'role'>>) => {
    for (const s of list.slice(0, perRole)) wanted.push({ role, ...s });
  };
  add(
    'parent',
    interleave(
      manifest.schools.map((school) =>
        school.parents.map((p) => ({ username: p.username, personId: p.personId, school, ids: p.childIds })),
      ),
    ),
  );
  add(
    'student',
    interleave(
      manifest.schools.map((school) =>
        school.students.map((s) => ({ username: s.username, personId: s.personId, school, ids: [s.personId] })),
      ),
    ),
  );
  add(
    'teacher',
    interleave(
      manifest.schools.map((school) =>
        school.teachers
          .filter((t) => t.assignmentIds.length > 0)
          .map((t) => ({ username: t.username, personId: t.personId, school, ids: t.assignmentIds })),
      ),
    ),
  );
  add(
    'admin',
    manifest.schools.map((school) => ({
      username: school.admin.username,
      personId: school.admin.personId,
      school,
      ids: [],
    })),
  );
  add('district', [
    { username: manifest.districtAdmin.username, personId: manifest.districtAdmin.personId, school: null, ids: [] },
  ]);
  const sessions: Sessions = { parent: [], student: [], teacher: [], admin: [], district: [] };
  const cached: Record<string, Record<string, string>> = cacheFile && existsSync(cacheFile)
    ? JSON.parse(readFileSync(cacheFile, 'utf8'))
    : {};
  const live = async (headers: Record<string, string> | undefined) =>
    headers !== undefined &&
    (await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: headers.cookie! } }).then((r) => r.status === 200));
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const w = wanted[next++]!;
      const reuse = cached[w.username];
      const headers = (await live(reuse)) ? reuse! : await signIn(baseUrl, w.username, manifest.password);
      cached[w.username] = headers;
      sessions[w.role].push({ ...w, headers });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify(cached));
  return sessions;
}
