import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPerson, createTenant, TEST_PASSWORD, type Tenant } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { addressKey, type Counter, charge, delayAfter, FORGET_AFTER_MS, remembered } from './throttle.js';

const policy = { SIGNIN_FREE_FAILURES: 5, SIGNIN_MAX_DELAY_MINUTES: 15 };
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('back-off rules', () => {
  it('lets the free failures through, then doubles the wait from 30 s up to the cap', () => {
    const waits = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1, policy) / SECOND);
    expect(waits).toEqual([0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
    expect(delayAfter(10_000, policy)).toBe(15 * MINUTE);
  });

  it('forgets failures 12 h after the last one, but never while a wait runs', () => {
    const now = new Date('2026-10-01T00:00:00Z');
    const at = (ms: number) => new Date(now.getTime() + ms);
    const c: Counter = { failures: 4, blockedUntil: null, lastFailureAt: now };
    expect(remembered(c, at(FORGET_AFTER_MS - 1))).toBe(4);
    expect(remembered(c, at(FORGET_AFTER_MS))).toBe(0);
    const long = { failures: 30, blockedUntil: at(FORGET_AFTER_MS + MINUTE), lastFailureAt: now };
    expect(remembered(long, at(FORGET_AFTER_MS))).toBe(30);
    expect(charge(c, at(FORGET_AFTER_MS), policy)).toEqual({
      failures: 1,
      blockedUntil: null,
      lastFailureAt: at(FORGET_AFTER_MS),
    });
    expect(charge(c, at(MINUTE), policy).blockedUntil).toEqual(at(MINUTE + 30 * SECOND));
  });

  it('keys IPv4 as it is and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::99')).toBe(addressKey('2001:0db8:0001:0002:ffff::1'));
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(null)).toBe('unknown');
  });
});

let t: TestApp;
let tenant: Tenant;
let ipSeq = 0;
/** A client address no other test used. */
const freshIp = () => `198.51.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  t = await createTestApp({ SIGNIN_FREE_FAILURES: '5', SIGNIN_MAX_DELAY_MINUTES: '15' });
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

const attempt = (username: string, password: string, ip = freshIp()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
    headers: { 'accept-language': 'en' },
    remoteAddress: ip,
  });

/** What a caller can observe of an answer: status, body and the wait it announces. */
const observed = async (p: ReturnType<typeof attempt>) => {
  const res = await p;
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] ?? null };
};

const newStudent = () =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'student' });

describe('brute force against one account', () => {
  it('refuses even the right password with 429 after the free failures, until the wait has passed', async () => {
    const victim = await newStudent();
    for (let i = 0; i < 5; i++) expect((await attempt(victim.username, `guess-${i}`)).statusCode).toBe(401);

    const blocked = await attempt(victim.username, victim.password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('30');
    expect(blocked.json()).toEqual({
      code: 'throttle.wait',
      message: 'Too many unsuccessful sign-in attempts. Try again in 30 s.',
    });

    t.clock.advance(29 * SECOND);
    expect((await attempt(victim.username, victim.password)).statusCode).toBe(429);
    t.clock.advance(SECOND);
    expect((await attempt(victim.username, victim.password)).statusCode).toBe(200);
    // The success forgets the run: the next typo costs nothing.
    expect((await attempt(victim.username, 'typo')).statusCode).toBe(401);
    expect((await attempt(victim.username, victim.password)).statusCode).toBe(200);
  });

  it('doubles the wait with each further failure, up to the cap, and never locks for good', async () => {
    const victim = await newStudent();
    for (let i = 0; i < 5; i++) await attempt(victim.username, 'wrong');
    const waits: string[] = [];
    for (let i = 0; i < 7; i++) {
      const refused = await attempt(victim.username, 'wrong');
      expect(refused.statusCode).toBe(429);
      waits.push(String(refused.headers['retry-after']));
      t.clock.advance(Number(refused.headers['retry-after']) * SECOND);
      expect((await attempt(victim.username, 'wrong')).statusCode).toBe(401);
    }
    expect(waits).toEqual(['30', '60', '120', '240', '480', '900', '900']);
    t.clock.advance(15 * MINUTE);
    expect((await attempt(victim.username, victim.password)).statusCode).toBe(200);
  });

  it('does not check the password while a wait runs', async () => {
    const victim = await newStudent();
    for (let i = 0; i < 5; i++) await attempt(victim.username, 'wrong');
    const verify = vi.spyOn(t.deps.hasher, 'verify');
    try {
      for (let i = 0; i < 3; i++) expect((await attempt(victim.username, victim.password)).statusCode).toBe(429);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
    t.clock.advance(30 * SECOND);
  });

  it('counts a burst of parallel guesses before checking any: only the free ones get through', async () => {
    const victim = await newStudent();
    const answers = await Promise.all(Array.from({ length: 20 }, () => attempt(victim.username, 'parallel')));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    t.clock.advance(30 * SECOND);
  });

  it('records the count and the wait with each audited failure', async () => {
    const victim = await newStudent();
    for (let i = 0; i < 5; i++) await attempt(victim.username, 'wrong');
    const rows = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', victim.personId)
      .where('action', '=', 'auth.signInFailed')
      .select(['after'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => (r.after as { failedSignIns: number }).failedSignIns)).toEqual([1, 2, 3, 4, 5]);
    expect((rows[4]!.after as { blockedUntil: string }).blockedUntil).toBe(
      new Date(t.clock.now().getTime() + 30 * SECOND).toISOString(),
    );
    expect((rows[3]!.after as { blockedUntil: string | null }).blockedUntil).toBeNull();
    t.clock.advance(30 * SECOND);
  });

  it('forgets old failures after 12 hours', async () => {
    const victim = await newStudent();
    for (let i = 0; i < 4; i++) await attempt(victim.username, 'wrong');
    t.clock.advance(FORGET_AFTER_MS);
    // Four remembered failures plus this one would start a wait; forgotten, this is the first of a new run.
    expect((await attempt(victim.username, 'wrong')).statusCode).toBe(401);
    expect((await attempt(victim.username, victim.password)).statusCode).toBe(200);
  });
});

describe('brute force from one address', () => {
  it('slows one address trying many usernames, and only that address', async () => {
    const ip = freshIp();
    const people = await Promise.all(Array.from({ length: 6 }, () => newStudent()));
    for (const p of people.slice(0, 5)) expect((await attempt(p.username, 'Password1', ip)).statusCode).toBe(401);
    const last = people[5]!;
    const refused = await attempt(last.username, last.password, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    // Unknown names count against the address the same way.
    expect((await attempt('no-such-user-anywhere', 'x', ip)).statusCode).toBe(429);
    expect((await attempt(last.username, last.password, freshIp())).statusCode).toBe(200);
    t.clock.advance(30 * SECOND);
    expect((await attempt(last.username, last.password, ip)).statusCode).toBe(200);
  });

  it('forgets the failures of an address once someone signs in from it', async () => {
    const ip = freshIp();
    const someone = await newStudent();
    for (let i = 0; i < 4; i++) expect((await attempt(`typo-${i}-${ip}`, 'x', ip)).statusCode).toBe(401);
    expect((await attempt(someone.username, someone.password, ip)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(`again-${i}-${ip}`, 'x', ip)).statusCode).toBe(401);
    expect((await attempt(someone.username, someone.password, ip)).statusCode).toBe(200);
  });

  it('answers a whole class signing in at once from one address with 200 or a wait, never a 500', async () => {
    const ip = freshIp();
    const pupils = await Promise.all(Array.from({ length: 12 }, () => newStudent()));
    expect((await attempt('a-typo-first', 'x', ip)).statusCode).toBe(401);
    // Each success forgets the address's failures (deletes its counter) while the others lock it. Attempts are
    // counted before the password is checked, so a burst gets the free ones through and the rest wait (429).
    const answers = await Promise.all(pupils.map((p) => attempt(p.username, p.password, ip)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4);
    // Those told to wait get in after the wait.
    t.clock.advance(30 * SECOND);
    for (const [i, p] of pupils.entries()) {
      if (statuses[i] === 429) expect((await attempt(p.username, p.password, ip)).statusCode).toBe(200);
    }
  });

  it('treats every address of one IPv6 /64 as one address', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await attempt(`v6-probe-${i}`, 'x', `2001:db8:aa:bb::${(i + 1).toString(16)}`)).statusCode).toBe(401);
    }
    expect((await attempt('v6-probe-x', 'x', '2001:db8:aa:bb:ffff::1')).statusCode).toBe(429);
    expect((await attempt('v6-probe-x', 'x', '2001:db8:aa:bc::1')).statusCode).toBe(401);
    t.clock.advance(30 * SECOND);
  });
});

describe('no username enumeration through the back-off', () => {
  /** The same script against one name, from a new address each time (an attacker with many addresses). */
  async function script(username: string) {
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await observed(attempt(username, `guess-${i}`)));
    seen.push(await observed(attempt(username, 'another guess')));
    t.clock.advance(10 * SECOND);
    seen.push(await observed(attempt(username, 'another guess')));
    t.clock.advance(20 * SECOND);
    seen.push(await observed(attempt(username, 'after the wait')));
    seen.push(await observed(attempt(username, 'and once more')));
    t.clock.advance(60 * SECOND);
    seen.push(await observed(attempt(username, 'later')));
    return seen;
  }

  it('answers an unknown username exactly like a known one, throttled answers included', async () => {
    const known = await newStudent();
    const knownSeen = await script(known.username);
    const unknownSeen = await script(`nobody-${known.username}`);
    expect(unknownSeen).toEqual(knownSeen);
    // …and the script did reach the back-off, so the comparison covers the throttled answers.
    expect(knownSeen.map((s) => s.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 401, 429, 401]);
    expect(knownSeen[5]).toEqual({
      status: 429,
      body: { code: 'throttle.wait', message: 'Too many unsuccessful sign-in attempts. Try again in 30 s.' },
      retryAfter: '30',
    });
    expect(knownSeen[6]!.retryAfter).toBe('20');
  });

  it('keeps a disabled or deleted account indistinguishable too', async () => {
    const [deleted, disabled, known] = [await newStudent(), await newStudent(), await newStudent()];
    const { db } = t.deps;
    await db
      .updateTable('persons')
      .set({ deletedAt: t.clock.now(), deletionReason: 'other' })
      .where('id', '=', deleted.personId)
      .execute();
    await db.updateTable('accounts').set({ status: 'disabled' }).where('personId', '=', disabled.personId).execute();
    const expected = await script(known.username);
    expect(await script(deleted.username)).toEqual(expected);
    expect(await script(disabled.username)).toEqual(expected);
  });

  it('does not store the names that were typed, only their hash', async () => {
    const typed = `secret-looking-${TEST_PASSWORD.replaceAll(' ', '-')}`;
    await attempt(typed, 'x');
    const rows = await t.deps.db.selectFrom('signInThrottle').where('scope', '=', 'name').select('key').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.key).some((k) => k.includes('secret'))).toBe(false);
  });

  it('prunes counters that are forgotten anyway', async () => {
    await attempt('to-be-pruned', 'x', '203.0.113.77');
    const count = () =>
      t.deps.db
        .selectFrom('signInThrottle')
        .where((eb) =>
          eb.or([eb('key', '=', '203.0.113.77'), eb.and([eb('scope', '=', 'name'), eb('failures', '>', 0)])]),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    expect(Number((await count()).n)).toBeGreaterThan(0);
    t.clock.advance(FORGET_AFTER_MS + 16 * MINUTE);
    const someone = await newStudent();
    expect((await attempt(someone.username, someone.password)).statusCode).toBe(200);
    expect(Number((await count()).n)).toBe(0);
  });
});
