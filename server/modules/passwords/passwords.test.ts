import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/clock.js';
import { createPerson, createTenant, TEST_PASSWORD, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { commonPasswordCount, policyViolation } from './policy.js';

let t: TestApp;
let tenant: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

const newPerson = (extra: { surname?: string; firstName?: string } = {}) =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'school_employee', ...extra });

/** Signed-in people get answers in their account's language (Kazakh unless they chose another). */
const change = (c: Client, currentPassword: string, newPassword: string) =>
  c.post('/api/v1/me/password', { currentPassword, newPassword });
const speak = (c: Client, locale: 'kk' | 'ru' | 'en') => c.patch('/api/v1/me/preferences', { locale });

describe('the policy (pure)', () => {
  const person = { username: 'aigerim.nurlanova', surname: 'Нұрланова', firstName: 'Әйгерім', patronymic: null };
  const cfg = { PASSWORD_MIN_LENGTH: 8 };
  const code = (p: string) => policyViolation(p, person, cfg)?.code ?? 'ok';

  it('ships a real block-list', () => {
    expect(commonPasswordCount()).toBeGreaterThan(20_000);
  });

  it.each([
    ['short12', 'password.tooShort'],
    ['x'.repeat(257), 'password.tooLong'],
    ['password1', 'password.common'],
    ['Qwerty2026!', 'password.common'], // a common word decorated with digits and a symbol
    ['iloveyou', 'password.common'],
    ['aaaaaaaaaa', 'password.common'],
    ['abcabcabcabc', 'password.common'],
    ['1234567890', 'password.common'],
    ['йцукенгшщз', 'password.common'], // the Russian/Kazakh keyboard row
    ['my dapter 2026', 'password.common'],
    ['Kundelik-forever', 'password.common'],
    ['Дәптер-мектеп-2026', 'password.common'],
    ['nurlanova-1990', 'password.containsPersonalInfo'], // the surname, transliterated
    ['Нұрланова1990!', 'password.containsPersonalInfo'],
    ['aigerim loves tea', 'password.containsPersonalInfo'],
    ['aigerim.nurlanova.2', 'password.containsPersonalInfo'],
    ['violet tractor umbrella', 'ok'],
    ['Жасыл алма ағашы', 'ok'], // Kazakh passphrases are welcome
    ['bq7-mlxz', 'ok'], // exactly the minimum
    ['жасыл алма '.repeat(24).slice(0, 256), 'ok'], // 256 characters: the maximum
  ])('%s → %s', (password, expected) => {
    expect(code(password)).toBe(expected);
  });

  it('measures length in characters as people see them', () => {
    expect(policyViolation('🙂🙂🙂🙂🙂🙂🙂', person, cfg)?.code).toBe('password.tooShort');
    expect(policyViolation('q', person, { PASSWORD_MIN_LENGTH: 12 })?.params).toEqual({ min: 12 });
  });
});

describe('GET /password-policy', () => {
  it('is public and tells the forms the configured rules', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/password-policy' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ minLength: 8, maxLength: 256, history: 5, maxAgeDays: 90, mailOutbox: true });
  });
});

describe('POST /me/password', () => {
  it('refuses passwords that break the policy with a precise, localised message', async () => {
    const p = await newPerson({ surname: 'Сейтқали' });
    const c = await signIn(t.app, p.username, p.password);
    await speak(c, 'en');
    const cases: Array<[string, string, string]> = [
      ['short', 'password.tooShort', 'The password must be at least 8 characters long.'],
      ['y'.repeat(300), 'password.tooLong', 'The password must be at most 256 characters long.'],
      ['Password123', 'password.common', ''],
      ['seitkali-2026', 'password.containsPersonalInfo', ''],
      [`${p.username}!!`, 'password.containsPersonalInfo', ''],
    ];
    for (const [password, code, message] of cases) {
      const res = await change(c, p.password, password);
      expect([password.slice(0, 20), res.statusCode, res.json().code]).toEqual([password.slice(0, 20), 422, code]);
      if (message) expect(res.json().message).toBe(message);
    }
    await speak(c, 'ru');
    const ru = await change(c, p.password, 'short');
    expect(ru.json().message).toBe('Пароль должен содержать не менее 8 символов.');
    await speak(c, 'kk');
    const kk = await change(c, p.password, 'short');
    expect(kk.json().message).toBe('Құпиясөз кемінде 8 таңбадан тұруы керек.');
    // nothing changed
    expect((await signIn(t.app, p.username, p.password)).personId).toBe(p.personId);
  });

  it('needs the current password', async () => {
    const p = await newPerson();
    const c = await signIn(t.app, p.username, p.password);
    await speak(c, 'ru');
    const res = await change(c, 'not my password', 'violet tractor umbrella');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ code: 'password.currentWrong', message: 'Текущий пароль указан неверно.' });
  });

  it('changes the password, ends my other sessions (not this one) and audits the change', async () => {
    const p = await newPerson();
    const here = await signIn(t.app, p.username, p.password);
    const elsewhere = await signIn(t.app, p.username, p.password);
    const res = await change(here, p.password, 'violet tractor umbrella');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await here.get('/api/v1/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(t.app, p.username, p.password)).rejects.toThrow(/401/);
    await signIn(t.app, p.username, 'violet tractor umbrella');

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', p.personId)
      .where('action', '=', 'account.passwordChanged')
      .select(['actorPersonId', 'before', 'after'])
      .execute();
    expect(audit).toEqual([{ actorPersonId: p.personId, before: null, after: { reason: 'voluntary' } }]);
    const account = await t.deps.db
      .selectFrom('accounts')
      .where('personId', '=', p.personId)
      .select(['passwordChangedAt', 'passwordIsTemporary'])
      .executeTakeFirstOrThrow();
    expect(account.passwordChangedAt).toEqual(t.clock.now());
    expect(account.passwordIsTemporary).toBe(false);
  });

  it('refuses any of the last 5 passwords (the current one included) and accepts the 6th', async () => {
    const p = await newPerson();
    const c = await signIn(t.app, p.username, p.password);
    await speak(c, 'en');
    const chosen = [
      'amber kettle one',
      'amber kettle two',
      'amber kettle three',
      'amber kettle four',
      'amber kettle five',
    ];
    let current = p.password;
    for (const next of chosen) {
      expect((await change(c, current, next)).statusCode).toBe(200);
      current = next;
    }
    for (const old of chosen) {
      const res = await change(c, current, old);
      expect([old, res.statusCode, res.json().code]).toEqual([old, 422, 'password.reused']);
      expect(res.json().message).toBe(
        'You have used this password recently. It must differ from your last 5 passwords.',
      );
    }
    // The password before those five is the sixth back: allowed again.
    expect((await change(c, current, TEST_PASSWORD)).statusCode).toBe(200);
    const kept = await t.deps.db
      .selectFrom('passwordHistory')
      .where('personId', '=', p.personId)
      .select('passwordHash')
      .execute();
    expect(kept).toHaveLength(5);
    expect(kept.every((k) => k.passwordHash.startsWith('$argon2id$'))).toBe(true);
    // …and the oldest of the five is now the sixth back.
    expect((await change(c, TEST_PASSWORD, 'amber kettle one')).statusCode).toBe(200);
  });

  it('does not let a temporary password become the lasting one', async () => {
    const p = await newPerson();
    await t.deps.db
      .updateTable('accounts')
      .set({ passwordIsTemporary: true })
      .where('personId', '=', p.personId)
      .execute();
    const c = await signIn(t.app, p.username, p.password);
    expect((await c.get('/api/v1/me')).json().requiredActions).toEqual(['changePassword']);
    const same = await change(c, p.password, p.password);
    expect(same.json().code).toBe('password.reused');
    expect((await change(c, p.password, 'violet tractor umbrella')).statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).json()).toMatchObject({ requiredActions: [], passwordIsTemporary: false });
  });

  it('waits for the registration wizard when the person is not registered yet', async () => {
    const p = await newPerson();
    await t.deps.db.updateTable('accounts').set({ registeredAt: null }).where('personId', '=', p.personId).execute();
    const c = await signIn(t.app, p.username, p.password);
    const res = await change(c, p.password, 'violet tractor umbrella');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'actionRequired', requiredActions: ['register'] });
  });
});

describe('password age (time travel with the injected clock)', () => {
  it('works for 89 days, forces a change on day 90, and the change clears it', async () => {
    const p = await newPerson();
    const first = await signIn(t.app, p.username, p.password);
    expect((await change(first, p.password, 'granite meadow lantern')).statusCode).toBe(200);
    const start = t.clock.now();
    try {
      t.clock.set(new Date(start.getTime() + 89 * DAY_MS));
      const day89 = await signIn(t.app, p.username, 'granite meadow lantern');
      expect((await day89.get('/api/v1/me')).json().requiredActions).toEqual([]);
      expect((await day89.get('/api/v1/me/children')).statusCode).toBe(200);

      t.clock.set(new Date(start.getTime() + 90 * DAY_MS));
      const day90 = await signIn(t.app, p.username, 'granite meadow lantern');
      expect((await day90.get('/api/v1/me')).json().requiredActions).toEqual(['changePassword']);
      expect((await day90.get('/api/v1/me/children')).statusCode).toBe(403);
      // The old password cannot be "changed" to itself.
      expect((await change(day90, 'granite meadow lantern', 'granite meadow lantern')).json().code).toBe(
        'password.reused',
      );
      expect((await change(day90, 'granite meadow lantern', 'copper river sunrise')).statusCode).toBe(200);
      expect((await day90.get('/api/v1/me')).json().requiredActions).toEqual([]);
      expect((await day90.get('/api/v1/me/children')).statusCode).toBe(200);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .where('subjectId', '=', p.personId)
        .where('action', '=', 'account.passwordChanged')
        .select('after')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.after)).toEqual([{ reason: 'voluntary' }, { reason: 'required' }]);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('NIST mode: PASSWORD_MAX_AGE_DAYS=0, PASSWORD_HISTORY=0', () => {
  it('never forces rotation and only refuses the current password', async () => {
    const nist = await createTestApp({ PASSWORD_MAX_AGE_DAYS: '0', PASSWORD_HISTORY: '0' });
    try {
      const tn = await createTenant(nist.deps.db, nist.deps.hasher);
      const p = tn.people.teacher;
      const c = await signIn(nist.app, p.username, p.password);
      const go = (from: string, to: string) =>
        c.request('POST', '/api/v1/me/password', { currentPassword: from, newPassword: to });
      expect((await go(p.password, 'saffron pebble bridge')).statusCode).toBe(200);
      expect((await go('saffron pebble bridge', 'saffron pebble bridge')).json().code).toBe('password.reused');
      expect((await go('saffron pebble bridge', p.password)).statusCode).toBe(200);
      expect(await nist.deps.db.selectFrom('passwordHistory').selectAll().execute()).toEqual([]);
      nist.clock.advance(400 * DAY_MS);
      const later = await signIn(nist.app, p.username, p.password);
      expect((await later.get('/api/v1/me')).json().requiredActions).toEqual([]);
      const policy = await nist.app.inject({ method: 'GET', url: '/api/v1/password-policy' });
      expect(policy.json()).toMatchObject({ history: 1, maxAgeDays: 0 });
    } finally {
      await nist.close();
    }
  });
});
