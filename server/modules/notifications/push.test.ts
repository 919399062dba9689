import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationList } from '@common/schemas/notifications.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTenant, linkGuardian, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { runDue } from './deliver.js';

/**
 * Web push end to end, with a REAL push service: a local HTTP server stands in for the browser vendor's service
 * (the endpoint a browser would hand over). The test is the browser: it makes its own P-256 key pair and auth
 * secret, subscribes through the API, and decrypts what the service receives with its private key (RFC 8291
 * aes128gcm, node crypto only — nothing of web-push on this side) after checking the VAPID signature (RFC 8292)
 * against the server's public key. A 410 from the service deletes the subscription.
 * The clock stands at 2026-10-01 09:00 in Kazakhstan (outside the default quiet hours).
 */
interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
let service: Server;
let serviceUrl: string;
const received: Received[] = [];
/** Paths the fake service answers with 410 Gone (the browser dropped the subscription). */
const gone = new Set<string>();

let t: TestApp;
let a: Tenant;
let j: JournalFixture;
let teacher: Client;
let parent: TestPerson;
let parentClient: Client;

/** A browser's push keys: P-256 key pair + 16-byte auth secret. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  };
}
type Keys = ReturnType<typeof browserKeys>;

/** RFC 8291 §3.4 + RFC 8188: one aes128gcm record, decrypted with the browser's private key. */
function decrypt(keys: Keys, body: Buffer): unknown {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  expect(idlen).toBe(65);
  expect(ciphertext.length).toBeLessThanOrEqual(rs);
  const ecdhSecret = keys.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, keys.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  expect(padded[end]).toBe(2);
  return JSON.parse(padded.subarray(0, end).toString('utf8'));
}

/** RFC 8292: `Authorization: vapid t=<JWT ES256>, k=<server public key>`; the signature checks out with k. */
function checkVapid(header: string, publicKey: string, audience: string) {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header);
  expect(m, header).not.toBeNull();
  const [, jwt, k] = m!;
  expect(k).toBe(publicKey);
  const [h, p, sig] = jwt!.split('.');
  expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'JWT' });
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  expect(claims.aud).toBe(audience);
  expect(claims.sub).toMatch(/^(mailto:|https:)/);
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig!, 'base64url'),
  );
  expect(ok).toBe(true);
}

let markValue = 0;
async function saveMark(lesson: number) {
  markValue++;
  const studentId = j.students[0]!.personId;
  const current = await t.deps.db
    .selectFrom('marks')
    .where('schoolId', '=', a.school.id)
    .where('studentPersonId', '=', studentId)
    .where('lessonId', '=', j.lessons[lesson]!.id)
    .where('deletedAt', 'is', null)
    .select('version')
    .executeTakeFirst();
  const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
    cells: [
      {
        studentId,
        lessonId: j.lessons[lesson]!.id,
        value: 1 + (markValue % 10),
        expectedVersion: current?.version ?? null,
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(200);
}

const subscriptions = () =>
  t.deps.db
    .selectFrom('pushSubscriptions')
    .where('personId', '=', parent.personId)
    .select(['endpoint', 'failureCount', 'lastSuccessAt'])
    .orderBy('id')
    .execute();

beforeAll(async () => {
  service = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = gone.has(path) ? 410 : 201;
      res.end();
    });
  });
  await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

  t = await createTestApp({ NOTIFY_DEBOUNCE_SECONDS: '0', PUBLIC_URL: 'http://dapter.test' });
  a = await createTenant(t.deps.db, t.deps.hasher);
  j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 2,
    lessons: 6,
  });
  parent = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
  await linkGuardian(t.deps.db, a.school.id, parent.personId, j.students[0]!.personId);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  parentClient = await signIn(t.app, parent.username, parent.password);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise((r) => service?.close(r));
});

describe('web push', () => {
  const phone = browserKeys();
  const laptop = browserKeys();

  it('subscribes a device with the server’s VAPID key; settings count the devices and default push on', async () => {
    const key = await parentClient.get('/api/v1/push/public-key');
    expect(key.statusCode).toBe(200);
    const publicKey = (key.json() as { publicKey: string }).publicKey;
    // An uncompressed P-256 point: 65 bytes starting with 0x04.
    const point = Buffer.from(publicKey, 'base64url');
    expect(point.length).toBe(65);
    expect(point[0]).toBe(4);

    const before = (await parentClient.get('/api/v1/me/notification-settings')).json() as {
      pushDevices: number;
      kinds: Array<{ kind: string; push: boolean }>;
    };
    expect(before.pushDevices).toBe(0);
    expect(Object.fromEntries(before.kinds.map((k) => [k.kind, k.push]))).toEqual({
      mark: true,
      attendance: true,
      homework: true,
      timetable: true,
      termGrade: true,
      security: true,
      newsletter: false,
    });

    const res = await parentClient.post('/api/v1/me/push-subscriptions', {
      endpoint: `${serviceUrl}/push/phone`,
      expirationTime: null,
      keys: phone.json,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, devices: 1 });
    // Bad keys are a localised 400.
    const bad = await parentClient.post('/api/v1/me/push-subscriptions', {
      endpoint: `${serviceUrl}/push/x`,
      keys: { p256dh: 'not base64!', auth: phone.json.auth },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('a mark the teacher saves arrives at the push service encrypted for the device, with the bell’s sentence', async () => {
    received.length = 0;
    await saveMark(0);
    await runDue(t.deps);
    expect(received).toHaveLength(1);
    const push = received[0]!;
    expect(push.path).toBe('/push/phone');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    const publicKey = ((await parentClient.get('/api/v1/push/public-key')).json() as { publicKey: string }).publicKey;
    checkVapid(String(push.headers.authorization), publicKey, serviceUrl);

    const message = decrypt(phone, push.body) as Record<string, string>;
    const bell = (await parentClient.get('/api/v1/notifications')).json() as NotificationList;
    expect(bell.items).toHaveLength(1);
    const n = bell.items[0]!;
    // Exactly what the bell shows — the sentence, the kind, where it leads — and nothing more.
    expect(Object.keys(message).sort()).toEqual(['body', 'tag', 'title', 'url']);
    expect(message.body).toBe(n.text);
    expect(message.body).toContain(n.student!.name);
    expect(message.url).toBe(`/diary?student=${j.students[0]!.personId}&tab=marks`);
    expect(message.title).toMatch(/./);
    // The device's last success is recorded.
    const [sub] = await subscriptions();
    expect(sub!.lastSuccessAt).not.toBeNull();
    expect(sub!.failureCount).toBe(0);
  });

  it('quiet hours hold the push until they end, as they do the e-mail', async () => {
    await parentClient.put('/api/v1/notifications/read-all', {});
    const put = await parentClient.put('/api/v1/me/notification-settings', {
      quietHours: { from: '08:30', to: '10:00' },
    });
    expect(put.statusCode, put.body).toBe(200);
    received.length = 0;
    await saveMark(1);
    await runDue(t.deps);
    expect(received).toHaveLength(0);
    const job = await t.deps.db.selectFrom('notificationJobs').where('kind', '=', 'push').select('runAt').execute();
    expect(job.map((r) => r.runAt.toISOString())).toEqual(['2026-10-01T05:00:00.000Z']); // 10:00 in Almaty
    const saved = t.clock.now();
    t.clock.set(new Date('2026-10-01T05:00:30Z'));
    try {
      await runDue(t.deps);
    } finally {
      t.clock.set(saved);
    }
    expect(received).toHaveLength(1);
    expect((decrypt(phone, received[0]!.body) as { body: string }).body).toMatch(/./);
    await parentClient.put('/api/v1/me/notification-settings', { quietHours: null });
  });

  it('the push switch of a kind stops its pushes; an update without `push` keeps the stored value', async () => {
    const settings = (await parentClient.get('/api/v1/me/notification-settings')).json() as {
      kinds: Array<{ kind: string; inApp: boolean; email: boolean; digest: boolean; push: boolean }>;
    };
    const mark = settings.kinds.find((k) => k.kind === 'mark')!;
    await parentClient.put('/api/v1/me/notification-settings', { kinds: [{ ...mark, push: false }] });
    const { push: _omit, ...withoutPush } = mark;
    const again = await parentClient.put('/api/v1/me/notification-settings', {
      kinds: [{ ...withoutPush, email: false }],
    });
    expect((again.json() as typeof settings).kinds.find((k) => k.kind === 'mark')).toMatchObject({
      email: false,
      push: false,
    });
    await parentClient.put('/api/v1/notifications/read-all', {});
    received.length = 0;
    await saveMark(2);
    await runDue(t.deps);
    expect(received).toHaveLength(0);
    expect((await parentClient.get('/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 1 });
    await parentClient.put('/api/v1/me/notification-settings', { kinds: [{ ...mark, push: true }] });
  });

  it('410 from the push service deletes that subscription; the other device still receives', async () => {
    const res = await parentClient.post('/api/v1/me/push-subscriptions', {
      endpoint: `${serviceUrl}/push/laptop`,
      keys: laptop.json,
    });
    expect(res.json()).toEqual({ ok: true, devices: 2 });
    gone.add('/push/laptop');
    await parentClient.put('/api/v1/notifications/read-all', {});
    received.length = 0;
    await saveMark(3);
    await runDue(t.deps);
    expect(received.map((r) => r.path).sort()).toEqual(['/push/laptop', '/push/phone']);
    // Each device got its own encryption: the phone's key opens only the phone's copy.
    const phoneCopy = received.find((r) => r.path === '/push/phone')!;
    expect((decrypt(phone, phoneCopy.body) as { url: string }).url).toContain('tab=marks');
    expect((await subscriptions()).map((s) => s.endpoint)).toEqual([`${serviceUrl}/push/phone`]);
  });

  it('unsubscribing removes only my own device', async () => {
    const other = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    const otherClient = await signIn(t.app, other.username, other.password);
    const endpoint = encodeURIComponent(`${serviceUrl}/push/phone`);
    const foreign = await otherClient.request('DELETE', `/api/v1/me/push-subscriptions?endpoint=${endpoint}`);
    expect(foreign.statusCode, foreign.body).toBe(200);
    expect(foreign.json()).toEqual({ ok: true, devices: 0 });
    expect(await subscriptions()).toHaveLength(1);
    const mine = await parentClient.request('DELETE', `/api/v1/me/push-subscriptions?endpoint=${endpoint}`);
    expect(mine.json()).toEqual({ ok: true, devices: 0 });
    expect(await subscriptions()).toHaveLength(0);
  });
});
