import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createInstitution, createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { type AuditOrigin, recordAudit } from './audit.recorder.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
/** A second school in tenant A's district. */
let schoolA2: { id: number; ancestors: number[] };
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  schoolA2 = await createInstitution(t.deps.db, a.district.id, 'school');
});
afterAll(() => t.close());

const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const origin = (at: Date | string, actorPersonId: number | null = null): AuditOrigin => ({
  actorPersonId,
  actorMembershipId: null,
  ip: '10.0.0.1',
  userAgent: 'vitest',
  at: new Date(at),
});
let marker = 0;
/** A fresh action prefix per test, so a test sees only the events it wrote. */
const freshPrefix = () => `test${++marker}.`;

interface EventView {
  id: number;
  institutionId: number;
  at: string;
  action: string;
  actorName: string | null;
}
async function audit(c: Client, query: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return c.get(`/api/v1/audit?${qs}`);
}
const actionsOf = (res: { json(): { items: EventView[] } }) =>
  res
    .json()
    .items.map((e) => e.action)
    .sort();

describe('audit_events is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE at the database, leaving the rows as they were', async () => {
    const action = `${freshPrefix()}immutable`;
    await recordAudit(t.deps.db, origin('2026-09-01T00:00:00Z'), { institutionId: a.school.id, action });
    const before = await t.deps.db.selectFrom('auditEvents').selectAll().orderBy('id').execute();
    expect(before.some((e) => e.action === action)).toBe(true);

    await expect(
      sql`update audit_events set action = 'forged' where action = ${action}`.execute(t.deps.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where action = ${action}`.execute(t.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(t.deps.db)).rejects.toThrow(/append-only/);

    const after = await t.deps.db.selectFrom('auditEvents').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('offers no HTTP route that changes the log', async () => {
    const admin = await as(a.people.schoolAdmin);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await admin.request(method, '/api/v1/audit', {});
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('GET /audit scope', () => {
  let prefix: string;
  beforeAll(async () => {
    prefix = freshPrefix();
    const at = origin('2026-09-20T06:00:00Z');
    await recordAudit(t.deps.db, at, [
      { institutionId: a.school.id, action: `${prefix}schoolA` },
      { institutionId: schoolA2.id, action: `${prefix}schoolA2` },
      { institutionId: a.district.id, action: `${prefix}districtA` },
      { institutionId: b.school.id, action: `${prefix}schoolB` },
    ]);
  });

  it("shows a school administrator their own school's events only", async () => {
    const res = await audit(await as(a.people.schoolAdmin), { action: prefix });
    expect(res.statusCode).toBe(200);
    expect(actionsOf(res)).toEqual([`${prefix}schoolA`]);
  });

  it('shows a district administrator the events of the district and all its schools', async () => {
    const res = await audit(await as(a.people.districtAdmin), { action: prefix });
    expect(actionsOf(res)).toEqual([`${prefix}districtA`, `${prefix}schoolA`, `${prefix}schoolA2`].sort());
    const region = await audit(await as(b.people.regionAdmin), { action: prefix });
    expect(actionsOf(region)).toEqual([`${prefix}schoolB`]);
  });

  it('narrows to one institution and its subtree with institutionId', async () => {
    const district = await as(a.people.districtAdmin);
    const one = await audit(district, { action: prefix, institutionId: schoolA2.id });
    expect(actionsOf(one)).toEqual([`${prefix}schoolA2`]);
    const whole = await audit(district, { action: prefix, institutionId: a.district.id });
    expect(actionsOf(whole)).toHaveLength(3);
  });

  it('answers 404 for an institution outside the subtree, never its events', async () => {
    const admin = await as(a.people.schoolAdmin);
    for (const institutionId of [b.school.id, schoolA2.id, a.district.id, 999_999_999]) {
      const res = await audit(admin, { action: prefix, institutionId });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('notFound');
    }
    expect((await audit(admin, { action: prefix, institutionId: a.school.id })).statusCode).toBe(200);
  });

  it('is refused (403) to anyone but administrators', async () => {
    for (const who of [a.people.teacher, a.people.parent, a.people.student, a.people.districtStaff]) {
      const res = await audit(await as(who), {});
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });
});

describe('GET /audit filters', () => {
  let prefix: string;
  let actor: Awaited<ReturnType<typeof createPerson>>;
  beforeAll(async () => {
    prefix = freshPrefix();
    actor = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'school_employee',
      surname: 'Сейітова',
      firstName: 'Дана',
    });
    const inst = a.school.id;
    await recordAudit(t.deps.db, origin('2026-09-30T18:30:00Z', actor.personId), {
      institutionId: inst,
      action: `${prefix}person.updated`,
      subjectType: 'person',
      subjectId: 111,
      before: { surname: 'Old' },
      after: { surname: 'New' },
    });
    // 2026-10-01 00:30 in Kazakhstan, though still 30 September in UTC.
    await recordAudit(t.deps.db, origin('2026-09-30T19:30:00Z'), {
      institutionId: inst,
      action: `${prefix}person.created`,
      subjectType: 'person',
      subjectId: 222,
    });
    // 23:59:59.999 and 00:00 of the next day in Kazakhstan.
    await recordAudit(t.deps.db, origin('2026-10-01T18:59:59.999Z'), {
      institutionId: inst,
      action: `${prefix}personal.x`,
      subjectType: 'institution',
      subjectId: 111,
    });
    await recordAudit(t.deps.db, origin('2026-10-01T19:00:00Z'), {
      institutionId: inst,
      action: `${prefix}person`,
    });
  });

  it('matches an action exactly, or as a prefix when it ends with a dot', async () => {
    const admin = await as(a.people.schoolAdmin);
    expect(actionsOf(await audit(admin, { action: `${prefix}person` }))).toEqual([`${prefix}person`]);
    expect(actionsOf(await audit(admin, { action: `${prefix}person.` }))).toEqual(
      [`${prefix}person.created`, `${prefix}person.updated`].sort(),
    );
    expect(actionsOf(await audit(admin, { action: prefix }))).toHaveLength(4);
    // LIKE wildcards are plain characters here.
    expect(actionsOf(await audit(admin, { action: `${prefix}%.` }))).toEqual([]);
  });

  it('filters by actor and returns the actor name, before and after', async () => {
    const admin = await as(a.people.schoolAdmin);
    const res = await audit(admin, { action: prefix, actorPersonId: actor.personId });
    expect(res.json().items).toEqual([
      {
        id: expect.any(Number),
        institutionId: a.school.id,
        at: '2026-09-30T18:30:00.000Z',
        action: `${prefix}person.updated`,
        actorPersonId: actor.personId,
        actorName: 'Сейітова Дана',
        subjectType: 'person',
        subjectId: 111,
        ip: '10.0.0.1',
        userAgent: 'vitest',
        before: { surname: 'Old' },
        after: { surname: 'New' },
      },
    ]);
  });

  it('filters by subject type and id', async () => {
    const admin = await as(a.people.schoolAdmin);
    const both = await audit(admin, { action: prefix, subjectType: 'person', subjectId: 111 });
    expect(actionsOf(both)).toEqual([`${prefix}person.updated`]);
    const typeOnly = await audit(admin, { action: prefix, subjectType: 'institution' });
    expect(actionsOf(typeOnly)).toEqual([`${prefix}personal.x`]);
  });

  it('reads from/to as Kazakhstan calendar days, to inclusive', async () => {
    const admin = await as(a.people.schoolAdmin);
    const day = await audit(admin, { action: prefix, from: '2026-10-01', to: '2026-10-01' });
    expect(actionsOf(day)).toEqual([`${prefix}person.created`, `${prefix}personal.x`].sort());
    const until = await audit(admin, { action: prefix, to: '2026-09-30' });
    expect(actionsOf(until)).toEqual([`${prefix}person.updated`]);
    const since = await audit(admin, { action: prefix, from: '2026-10-02' });
    expect(actionsOf(since)).toEqual([`${prefix}person`]);
  });

  it('rejects malformed queries with 400, never 500', async () => {
    const admin = await as(a.people.schoolAdmin);
    const bad: Record<string, string>[] = [
      { limit: '0' },
      { limit: '201' },
      { limit: 'many' },
      { institutionId: 'abc' },
      { actorPersonId: '-3' },
      { subjectId: '1.5' },
      { from: '2026-02-30' },
      { to: '01.10.2026' },
      { action: 'x'.repeat(101) },
    ];
    for (const q of bad) {
      const res = await audit(admin, q);
      expect([q, res.statusCode]).toEqual([q, 400]);
      expect(res.json().code).toBe('validation.failed');
    }
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of [
      'garbage!!',
      'bm90IGpzb24',
      b64({ at: '2026-10-01T00:00:00.000000Z' }),
      b64(['2026-13-01T00:00:00.000000Z', 1, 1]),
      b64(['2026-02-30T00:00:00.000000Z', 1, 1]),
      b64(['0000-01-01T00:00:00.000000Z', 1, 1]),
      b64(["2026-10-01T00:00:00.000000Z'; drop table x; --", 1, 1]),
      b64(['2026-10-01T00:00:00.000000Z', -1, 1]),
      b64(['2026-10-01T00:00:00.000000Z', 1, 1e300]),
    ]) {
      const res = await audit(admin, { cursor });
      expect([cursor, res.statusCode]).toEqual([cursor, 400]);
      expect(res.json().code).toBe('audit.invalidCursor');
    }
  });
});

describe('GET /audit pagination', () => {
  it('returns every event of the scope exactly once across pages, newest first', async () => {
    const c = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
    const admin = await as(c.people.districtAdmin);
    // Many events share a timestamp, across and within institutions; two differ only in microseconds.
    const sameTime = origin('2026-09-25T05:00:00.000Z');
    const entries = (n: number, institutionId: number) =>
      Array.from({ length: n }, (_, i) => ({ institutionId, action: `page.${institutionId}.${i}` }));
    await recordAudit(t.deps.db, sameTime, [...entries(5, c.school.id), ...entries(4, c.district.id)]);
    for (let i = 0; i < 6; i++) {
      await recordAudit(t.deps.db, origin(new Date(Date.UTC(2026, 8, 10 + i, 3))), entries(1, c.school.id));
    }
    await sql`
      insert into audit_events (institution_id, at, action) values
        (${c.school.id}, '2026-09-26 10:00:00.123456+05', 'page.micro.1'),
        (${c.school.id}, '2026-09-26 10:00:00.123457+05', 'page.micro.2'),
        (${c.district.id}, '2026-09-26 10:00:00.123456+05', 'page.micro.3')`.execute(t.deps.db);

    const expected = await t.deps.db
      .selectFrom('auditEvents as e')
      .innerJoin('institutions as i', 'i.id', 'e.institutionId')
      .where((eb) => sql<boolean>`${eb.ref('i.ancestors')} @> array[${c.district.id}]::bigint[]`)
      .select(['e.id', 'e.institutionId', sql<string>`to_char(e.at at time zone 'UTC', 'YYYYMMDDHH24MISSUS')`.as('k')])
      .execute();
    expected.sort((x, y) => (x.k !== y.k ? (x.k < y.k ? 1 : -1) : y.institutionId - x.institutionId || y.id - x.id));
    expect(expected.length).toBeGreaterThanOrEqual(18);

    // Page size 1 puts a page boundary between every two events, including the ones sharing a timestamp.
    for (const limit of [1, 4, 7]) {
      const seen: { id: number; institutionId: number }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await audit(admin, cursor ? { limit, cursor } : { limit });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: EventView[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((e) => ({ id: e.id, institutionId: e.institutionId })));
        cursor = page.nextCursor;
        pages++;
        expect(pages).toBeLessThanOrEqual(expected.length);
      } while (cursor);

      expect(seen).toEqual(expected.map((e) => ({ id: e.id, institutionId: e.institutionId })));
      // The limit+1 read means a last full page already knows it is the last.
      expect(pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('gives no next cursor when everything fits on one page', async () => {
    const admin = await as(a.people.schoolAdmin);
    const res = await audit(admin, { action: 'nothing.matches.this', limit: 1 });
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });
});
