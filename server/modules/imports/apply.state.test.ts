import type { ImportJobDetail } from '@common/schemas/imports.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../app.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { STALE_MS } from './apply.state.js';
import { peopleCsv, upload, waitForJob } from './imports.fixtures.js';
import { importJobs } from './imports.jobs.js';
import { importRuntime, SLIP_HOURS } from './runtime.js';
import { issuedSlips } from './slips.service.js';

/**
 * An import applied by one server process and watched through another (WORKERS=N, or two machines behind a
 * load balancer): two app instances with their own deps — nothing in-process shared — on one database that
 * the config says may be shared (DATABASE_URL set; the harness gives the test database itself).
 */
let t: TestApp;
let other: App;
let a: Tenant;
let admin: Client;

/** The same browser session, its requests landing on the other process. */
const onOther = (method: 'GET' | 'POST', url: string) =>
  other.inject({
    method,
    url,
    cookies: { [SESSION_COOKIE]: admin.cookie },
    headers: { 'x-csrf-token': admin.csrfToken },
    ...(method === 'POST' ? { payload: {} } : {}),
  });

beforeAll(async () => {
  t = await createTestApp({ DATABASE_URL: 'postgres://shared.invalid/dapter' });
  other = await buildApp({ ...t.deps });
  await other.ready();
  a = await createTenant(t.deps.db, t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  const year = await admin.post('/api/v1/school-years', { templateStartYear: 2026 });
  expect(year.statusCode, year.body).toBe(201);
}, 60_000);
afterAll(async () => {
  await other?.close();
  await t?.close();
});

async function dryRun(name: string, surname: string) {
  const csv = peopleCsv([{ role: 'ученик', surname, firstName: 'Айару', birthDate: '05.05.2013', gender: 'ж' }]);
  const res = await upload(admin, name, csv);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ImportJobDetail;
}

describe('an apply seen from another process', () => {
  it('shows its progress there, is not taken for lost, and its slips print there', async () => {
    const job = await dryRun('shared.csv', 'Көпшілікова');
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reached!: () => void;
    const atGate = new Promise<void>((r) => {
      reached = r;
    });
    importRuntime(t.deps).beforeTransaction = () => {
      reached();
      return gate;
    };
    try {
      expect((await admin.post(`/api/v1/imports/${job.id}/apply`)).statusCode).toBe(202);
      await atGate;
      // The other process has no memory of this apply: it reads the progress the applying one writes each second.
      let seen: ImportJobDetail | null = null;
      for (let i = 0; i < 200 && !seen?.progress; i++) {
        const res = await onOther('GET', `/api/v1/imports/${job.id}`);
        expect(res.statusCode, res.body).toBe(200);
        seen = res.json() as ImportJobDetail;
        if (!seen.progress) await new Promise((r) => setTimeout(r, 100));
      }
      expect(seen, JSON.stringify({ ...seen, headers: undefined, columns: undefined })).toMatchObject({
        status: 'applying',
        progress: { phase: 'writing', total: 1 },
      });
      // Its heartbeat is fresh: the other process neither fails it nor lets it be applied twice.
      expect((await onOther('GET', '/api/v1/imports')).json().items[0]).toMatchObject({
        id: job.id,
        status: 'applying',
      });
      expect((await onOther('POST', `/api/v1/imports/${job.id}/apply`)).statusCode).toBe(409);
    } finally {
      release();
      importRuntime(t.deps).beforeTransaction = null;
    }
    await waitForJob(admin, job.id);
    const done = (await onOther('GET', `/api/v1/imports/${job.id}`)).json() as ImportJobDetail;
    expect(done).toMatchObject({ status: 'applied', doneRows: 1, progress: null });
    // The slips were sealed with this session's key in the job row: the other process opens them.
    expect(done.slips?.groups).toEqual([expect.objectContaining({ count: 1 })]);
    const group = done.slips!.groups[0]!;
    const pdf = await onOther(
      'POST',
      `/api/v1/imports/${job.id}/slips?perPage=4${group.classId ? `&classId=${group.classId}` : ''}`,
    );
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    // Another administrator session cannot open them (the key is the applying session's).
    const second = await signIn(other, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    expect(((await second.get(`/api/v1/imports/${job.id}`)).json() as ImportJobDetail).slips).toBeNull();
    const refused = await second.post(`/api/v1/imports/${job.id}/slips?perPage=4`);
    expect(refused.statusCode).toBe(410);
  });

  it('fails a job whose process stopped once its heartbeat is older than STALE_MS, not before', async () => {
    const job = await dryRun('lost.csv', 'Жоғалғанова');
    const now = t.clock.now();
    const flip = (progressAt: Date | null) =>
      t.deps.db
        .updateTable('importJobs')
        .set({ status: 'applying', progressAt })
        .where('schoolId', '=', a.school.id)
        .where('id', '=', job.id)
        .execute();

    // A heartbeat 10 s ago: some process is applying it; nobody here may call it lost.
    await flip(new Date(now.getTime() - 10_000));
    expect(((await onOther('GET', `/api/v1/imports/${job.id}`)).json() as ImportJobDetail).status).toBe('applying');
    const restarted = await buildApp({ ...t.deps });
    await restarted.ready(); // a process starting up on a shared database leaves it alone too
    await restarted.close();
    expect(((await admin.get(`/api/v1/imports/${job.id}`)).json() as ImportJobDetail).status).toBe('applying');

    // The heartbeat stopped more than STALE_MS ago: the next look fails it, with the interrupted reason.
    await flip(new Date(now.getTime() - STALE_MS - 1_000));
    const list = (await onOther('GET', '/api/v1/imports')).json().items as ImportJobDetail[];
    expect(list.find((j) => j.id === job.id)?.status).toBe('failed');
    const after = (await admin.get(`/api/v1/imports/${job.id}`)).json() as ImportJobDetail;
    expect(after).toMatchObject({ status: 'failed', progress: null });
    expect(after.error).toBeTruthy();
  });

  it('keeps the slips sealed in the row (no plaintext) and erases them after SLIP_HOURS', async () => {
    const job = await dryRun('sealed.csv', 'Мөрленгенова');
    expect((await admin.post(`/api/v1/imports/${job.id}/apply`)).statusCode).toBe(202);
    expect((await waitForJob(admin, job.id)).status).toBe('applied');
    const row = () =>
      t.deps.db
        .selectFrom('importJobs')
        .where('schoolId', '=', a.school.id)
        .where('id', '=', job.id)
        .select(['slips', 'slipsExpireAt'])
        .executeTakeFirstOrThrow();
    const issued = (await issuedSlips(t.deps.db, a.school.id, job.id, t.clock.now(), admin.cookie))!;
    expect(issued.items).toHaveLength(1);
    const stored = await row();
    expect(stored.slips).not.toContain(issued.items[0]!.password);
    expect(stored.slipsExpireAt!.getTime() - t.clock.now().getTime()).toBe(SLIP_HOURS * 3_600_000);

    const erase = importJobs(t.deps).find((j) => j.name === 'erase-expired-slips')!;
    const now = t.clock.now();
    try {
      expect(await erase.run(new AbortController().signal)).toEqual({ erased: 0 });
      t.clock.advance(SLIP_HOURS * 3_600_000);
      // This job's and the first test's.
      expect(await erase.run(new AbortController().signal)).toEqual({ erased: 2 });
      expect(await row()).toEqual({ slips: null, slipsExpireAt: null });
    } finally {
      t.clock.set(now);
    }
  });
});
