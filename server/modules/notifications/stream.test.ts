import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createPerson, createTenant, linkGuardian, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { runDue } from './deliver.js';
import { streamTiming } from './stream.routes.js';

/**
 * GET /api/v1/notifications/stream through a real listening server (an event stream cannot be injected): the
 * parent's stream says `notification` as soon as the delivery job has stored the mark the teacher saved, and an
 * unrelated person's stream stays silent; heartbeats flow; the stream ends when the session is signed out, and
 * shutdown (app.close(), the drain) does not wait for open streams.
 */
let t: TestApp;
let base: string;
let a: Tenant;
let j: JournalFixture;
let teacher: Client;
let parent: TestPerson;
let parentClient: Client;
let stranger: Client;

interface Stream {
  res: IncomingMessage;
  text: () => string;
  /** Resolves with the elapsed ms when the text matches, rejects after `ms`. */
  waitFor: (re: RegExp, ms?: number) => Promise<number>;
  ended: Promise<void>;
  close: () => void;
}

function openStream(client: Client): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/v1/notifications/stream`, {
      headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${client.cookie}` },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      const waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<void>((r) => res.on('close', () => r()));
      resolve({
        res,
        text: () => text,
        ended,
        close: () => req.destroy(),
        waitFor: (re, ms = 3000) =>
          new Promise((ok, fail) => {
            const started = Date.now();
            const check = () => {
              if (!re.test(text)) return;
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(check), 1);
              ok(Date.now() - started);
            };
            const timer = setTimeout(() => fail(new Error(`no ${re} in ${JSON.stringify(text)}`)), ms);
            waiters.push(check);
            check();
          }),
      });
    });
    req.end();
  });
}

beforeAll(async () => {
  streamTiming.heartbeatMs = 300;
  t = await createTestApp({ NOTIFY_DEBOUNCE_SECONDS: '0' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  a = await createTenant(t.deps.db, t.deps.hasher);
  j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 2,
    lessons: 4,
  });
  parent = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
  await linkGuardian(t.deps.db, a.school.id, parent.personId, j.students[0]!.personId);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  parentClient = await signIn(t.app, parent.username, parent.password);
  const other = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
  stranger = await signIn(t.app, other.username, other.password);
}, 60_000);

afterAll(async () => {
  streamTiming.heartbeatMs = 15_000;
  await t?.close();
});

describe('notification stream', () => {
  it('answers 406 to a request that does not accept an event stream (it would hang open otherwise)', async () => {
    const res = await parentClient.get('/api/v1/notifications/stream');
    expect(res.statusCode).toBe(406);
    expect(res.json()).toMatchObject({ code: 'notifications.streamOnly' });
    const anonymous = await fetch(`${base}/api/v1/notifications/stream`, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
  });

  it('tells the parent within the second that the teacher’s mark is there; a stranger hears nothing', async () => {
    const mine = await openStream(parentClient);
    const theirs = await openStream(stranger);
    expect(mine.res.statusCode).toBe(200);
    expect(mine.res.headers['content-type']).toMatch(/^text\/event-stream/);
    await mine.waitFor(/event: ready/);
    await theirs.waitFor(/event: ready/);

    const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
      cells: [{ studentId: j.students[0]!.personId, lessonId: j.lessons[0]!.id, value: 9, expectedVersion: null }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = Date.now();
    await runDue(t.deps);
    await mine.waitFor(/event: notification\ndata: \{\}\n\n/, 1000);
    expect(Date.now() - saved).toBeLessThan(1000);
    // The event carries nothing: the page refetches with its session.
    expect(mine.text()).not.toMatch(/data: \{.+\}/);
    const unread = await parentClient.get('/api/v1/notifications/unread-count');
    expect(unread.json()).toEqual({ unreadCount: 1 });
    // Reading it (in another tab, say) tells the stream too, so every open page updates its count.
    expect((await parentClient.put('/api/v1/notifications/read-all', {})).statusCode).toBe(200);
    await mine.waitFor(/(event: notification\ndata: \{\}\n\n[\s\S]*){2}/, 1000);

    // Heartbeats keep both open; the stranger's stream never said `notification`.
    await theirs.waitFor(/: heartbeat/, 2000);
    expect(theirs.text()).not.toContain('event: notification');
    mine.close();
    theirs.close();
  });

  it('ends within a heartbeat when the session is signed out', async () => {
    const client = await signIn(t.app, parent.username, parent.password);
    const s = await openStream(client);
    await s.waitFor(/event: ready/);
    const out = await client.post('/api/v1/auth/sign-out', {});
    expect(out.statusCode, out.body).toBeLessThan(300);
    const ended = await Promise.race([s.ended.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
    expect(ended).toBe(true);
    // Reconnecting with the old cookie is refused (EventSource then stops).
    const again = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${client.cookie}` },
    });
    expect(again.status).toBe(401);
  });

  it('shutdown ends open streams instead of waiting for them', async () => {
    const s = await openStream(parentClient);
    await s.waitFor(/event: ready/);
    const started = Date.now();
    await t.app.close();
    await s.ended;
    // The drain waits up to 8 s for requests in flight; a stream must not count as one.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
