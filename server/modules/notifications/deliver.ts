import type { Locale } from '@common/enums.js';
import type { AttendanceCode } from '@common/schemas/journal.js';
import type { NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { translatorFor } from '../../plugins/i18n.js';
import { busOf } from './bus.js';
import type { EventPayload } from './events.js';
import { digestMail, newsletterMail, notificationMail } from './notifications.mail.js';
import { type NotificationRow, presentAll, type StoredPayload, targetOf } from './notifications.presenter.js';
import { type PushMessage, pushablePeople, pushToPerson } from './push.js';
import { claimDue, enqueue, fail, finish, type JobRow, type NewJob, postpone } from './queue.js';
import { afterQuiet, inQuiet, nextDigestAt, settingsOf } from './settings.js';

/**
 * The delivery job: turns queued events into notifications and sends the e-mails. `runDue` works until nothing is
 * due; the scheduler calls it every second (notifications.jobs.ts), tests call it directly.
 *
 * Coalescing: the events of one batch are grouped by (school, recipient, kind, lesson/subject/period, student) and
 * become one notification each; a group also merges into the recipient's notification with the same key that is
 * still unread, not yet e-mailed and last changed less than MERGE_WINDOW (or the debounce, if longer) ago — so a
 * teacher saving a column of marks, or cell after cell with less than a minute between saves, gives a parent one
 * notification, not 35. In-app is immediate; the e-mail of a notification is its own job, due after
 * NOTIFY_DEBOUNCE_SECONDS and the recipient's quiet hours, and renders the notification as it is when it is sent
 * (with everything merged into it meanwhile).
 *
 * Web push is a job too: due PUSH_DELAY after the notification (a burst saved within it is one push, showing the
 * merged sentence) and after the quiet hours, exactly like the e-mail; a kind set to the daily digest sends one
 * summary push at the digest hour instead. A notification already read in the app by then is not pushed.
 * Recipients of new or merged notifications are announced on the bus after the commit (bus.ts), so open pages
 * refetch at once.
 */
const PUSH_DELAY_MAX_S = 10;
const BATCH = 200;
const MERGE_WINDOW_MS = 60_000;

export async function runDue(deps: AppDeps, signal?: AbortSignal) {
  const counts = { events: 0, notifications: 0, mails: 0, postponed: 0, failed: 0 };
  while (!signal?.aborted) {
    const now = deps.clock.now();
    const jobs = await claimDue(deps.db, now, BATCH);
    if (jobs.length === 0) break;
    const events = jobs.filter((j) => j.kind === 'event');
    if (events.length > 0) {
      try {
        const done = await deps.db.transaction().execute(async (trx) => {
          const r = await processEvents(trx, deps, events, now);
          await finish(
            trx,
            events.map((j) => j.id),
          );
          return r;
        });
        counts.notifications += done.inserted;
        counts.events += events.length;
        await busOf(deps).publish(done.touched);
      } catch (error) {
        counts.failed += events.length;
        for (const j of events) await fail(deps.db, j, now, error);
      }
    }
    for (const job of jobs.filter((j) => j.kind !== 'event')) {
      try {
        const r =
          job.kind === 'email'
            ? 'newsletter' in job.payload
              ? await sendNewsletterMail(deps, job, now)
              : await sendNotificationMail(deps, job, now)
            : job.kind === 'push'
              ? await sendNotificationPush(deps, job, now)
              : await sendDigest(deps, job, now);
        if (r instanceof Date) {
          await postpone(deps.db, job.id, r);
          counts.postponed++;
        } else {
          await finish(deps.db, [job.id]);
          counts.mails += r;
        }
      } catch (error) {
        counts.failed++;
        await fail(deps.db, job, now, error);
      }
    }
  }
  return counts;
}

// ── Events → notifications ──────────────────────────────────────────────────────────────────────────────────
interface Fact {
  schoolId: number;
  studentId: number | null;
  /** Only for account events: the one recipient. */
  personId?: number;
  kind: NotificationKind;
  key: string;
  payload: StoredPayload;
}

async function lessonFacts(
  db: Database,
  e: Extract<EventPayload, { type: 'homework' | 'timetable' }>,
): Promise<Fact[]> {
  // The lesson's pupils on its date: the class's enrolments, narrowed to the sub-group's members for a group lesson.
  const rows = await db
    .selectFrom('lessons as l')
    .leftJoin('homework as h', (j) => j.onRef('h.schoolId', '=', 'l.schoolId').onRef('h.lessonId', '=', 'l.id'))
    .innerJoin('classEnrollments as ce', (j) =>
      j
        .onRef('ce.schoolId', '=', 'l.schoolId')
        .onRef('ce.classId', '=', 'l.classId')
        .onRef('ce.startsOn', '<=', 'l.date')
        .on((w) => w.or([w('ce.endsOn', 'is', null), w('ce.endsOn', '>=', w.ref('l.date'))])),
    )
    .where('l.schoolId', '=', e.schoolId)
    .where('l.id', '=', e.lessonId)
    .where((w) => w.or([w('ce.endReason', 'is', null), w('ce.endReason', '!=', 'data_error')]))
    .where((w) =>
      w.or([
        w('l.subgroupId', 'is', null),
        w.exists(
          w
            .selectFrom('subgroupMembers as sm')
            .whereRef('sm.schoolId', '=', 'l.schoolId')
            .whereRef('sm.subgroupId', '=', 'l.subgroupId')
            .whereRef('sm.studentPersonId', '=', 'ce.studentPersonId')
            .select('sm.subgroupId'),
        ),
      ]),
    )
    .select(['ce.studentPersonId', 'l.subjectId', 'l.date', 'h.id as homeworkId', 'h.dueDate'])
    .execute();
  if (e.type === 'timetable') {
    return rows.map((r) => ({
      schoolId: e.schoolId,
      studentId: r.studentPersonId,
      kind: 'timetable' as const,
      key: `timetable:${e.lessonId}:${r.studentPersonId}`,
      payload: { subjectId: r.subjectId, lessonId: e.lessonId, count: 1, dates: [r.date], change: e.change },
    }));
  }
  // The homework may have been removed since the save: then there is nothing to tell.
  return rows
    .filter((r) => r.homeworkId !== null)
    .map((r) => ({
      schoolId: e.schoolId,
      studentId: r.studentPersonId,
      kind: 'homework' as const,
      key: `homework:${e.lessonId}:${r.studentPersonId}`,
      payload: { subjectId: r.subjectId, lessonId: e.lessonId, count: 1, dates: [r.date], dueDate: r.dueDate },
    }));
}

async function termGradeFacts(db: Database, e: Extract<EventPayload, { type: 'termGrade' }>): Promise<Fact[]> {
  let q = db
    .selectFrom('termGrades as tg')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'tg.schoolId').onRef('ta.id', '=', 'tg.assignmentId'),
    )
    .where('tg.schoolId', '=', e.schoolId)
    .where('tg.periodId', '=', e.periodId);
  if (e.classId !== null) q = q.where('ta.classId', '=', e.classId);
  const rows = await q
    .groupBy('tg.studentPersonId')
    .select(['tg.studentPersonId', (eb) => eb.fn.countAll<string>().as('subjects')])
    .execute();
  return rows.map((r) => ({
    schoolId: e.schoolId,
    studentId: r.studentPersonId,
    kind: 'termGrade' as const,
    key: `termGrade:${e.periodId}:${r.studentPersonId}`,
    payload: { periodId: e.periodId, count: Number(r.subjects), dates: [] },
  }));
}

async function factsOf(db: Database, e: EventPayload): Promise<Fact[]> {
  switch (e.type) {
    case 'mark':
      return e.items.map(([s, d]) => ({
        schoolId: e.schoolId,
        studentId: s,
        kind: 'mark' as const,
        key: `mark:${e.assignmentId}:${s}`,
        payload: { subjectId: e.subjectId, assignmentId: e.assignmentId, count: 1, dates: [d] },
      }));
    case 'attendance':
      return e.items.map(([s, d, code]) => ({
        schoolId: e.schoolId,
        studentId: s,
        kind: 'attendance' as const,
        key: `attendance:${e.assignmentId}:${s}`,
        payload: { subjectId: e.subjectId, assignmentId: e.assignmentId, count: 1, dates: [d], codes: [code] },
      }));
    case 'homework':
    case 'timetable':
      return lessonFacts(db, e);
    case 'termGrade':
      return termGradeFacts(db, e);
    case 'security':
      return [
        {
          schoolId: e.schoolId,
          studentId: null,
          personId: e.personId,
          kind: 'security',
          key: `security:${e.event}:${e.personId}:${Date.now()}`,
          payload: { count: 1, dates: [], event: e.event },
        },
      ];
  }
}

const union = <T>(a: T[] = [], b: T[] = []) => [...new Set([...a, ...b])];

function merge(a: StoredPayload, b: StoredPayload, kind: NotificationKind): StoredPayload {
  return {
    ...a,
    ...b,
    // A period's grades fixed twice (class, then school) are still the same grades; one lesson changed twice is
    // one lesson (its latest change shows).
    count: kind === 'termGrade' || kind === 'timetable' ? Math.max(a.count, b.count) : a.count + b.count,
    dates: union(a.dates, b.dates).sort(),
    ...(a.codes || b.codes ? { codes: union<AttendanceCode>(a.codes, b.codes) } : {}),
  };
}

/**
 * Who hears about a student at a school: the student and the parents linked to them there — as things stand when
 * the job runs, not at the save — and only people with an active membership at that school (ended access, user
 * agreement 3.6, stops the flow of the school's data, also by e-mail) who are not deleted.
 */
async function recipientsOf(db: Database, facts: Fact[], today: string) {
  const schools = [...new Set(facts.map((f) => f.schoolId))];
  const students = [...new Set(facts.flatMap((f) => (f.studentId ? [f.studentId] : [])))];
  const direct = [...new Set(facts.flatMap((f) => (f.personId ? [f.personId] : [])))];
  const links = students.length
    ? await db
        .selectFrom('guardianships as g')
        .where('g.institutionId', 'in', schools)
        .where('g.childPersonId', 'in', students)
        .select(['g.institutionId', 'g.parentPersonId', 'g.childPersonId'])
        .execute()
    : [];
  const candidates = [...new Set([...students, ...direct, ...links.map((l) => l.parentPersonId)])];
  const active = new Set(
    (await activeAt(db, schools, candidates, today)).map((m) => `${m.institutionId}:${m.personId}`),
  );
  const parents = new Map<string, number[]>();
  for (const l of links) {
    const k = `${l.institutionId}:${l.childPersonId}`;
    parents.set(k, [...(parents.get(k) ?? []), l.parentPersonId]);
  }
  return (f: Fact): number[] => {
    const here = (id: number) => active.has(`${f.schoolId}:${id}`);
    if (f.personId) return here(f.personId) ? [f.personId] : [];
    if (!f.studentId || !here(f.studentId)) return [];
    return [f.studentId, ...(parents.get(`${f.schoolId}:${f.studentId}`) ?? []).filter(here)];
  };
}

/** The (institution, person) pairs with an active membership today, of people not deleted. */
function activeAt(db: Database, institutionIds: number[], personIds: number[], today: string) {
  if (institutionIds.length === 0 || personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', 'in', institutionIds)
    .where('m.personId', 'in', personIds)
    .where('m.startsOn', '<=', today)
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('p.deletedAt', 'is', null)
    .select(['m.institutionId', 'm.personId'])
    .distinct()
    .execute();
}

async function confirmedEmailOwners(db: Database, personIds: number[]) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('contacts')
    .where('personId', 'in', personIds)
    .where('kind', '=', 'email')
    .where('confirmedAt', 'is not', null)
    .select('personId')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.personId));
}

/** Stores the batch's notifications; `inserted` new rows, `touched` everyone with a new or merged one. */
async function processEvents(
  trx: Database,
  deps: AppDeps,
  jobs: JobRow[],
  now: Date,
): Promise<{ inserted: number; touched: number[] }> {
  const none = { inserted: 0, touched: [] };
  const facts = (await Promise.all(jobs.map((j) => factsOf(trx, j.payload as unknown as EventPayload)))).flat();
  if (facts.length === 0) return none;
  const recipients = await recipientsOf(trx, facts, localDate(now));

  // One group per (school, recipient, key): the burst becomes one notification.
  type Group = {
    schoolId: number;
    recipient: number;
    studentId: number | null;
    kind: NotificationKind;
    key: string;
    payload: StoredPayload;
  };
  const groups = new Map<string, Group>();
  for (const f of facts) {
    for (const recipient of recipients(f)) {
      const id = `${f.schoolId}:${recipient}:${f.key}`;
      const g = groups.get(id);
      if (g) g.payload = merge(g.payload, f.payload, f.kind);
      else
        groups.set(id, {
          schoolId: f.schoolId,
          recipient,
          studentId: f.studentId,
          kind: f.kind,
          key: f.key,
          payload: f.payload,
        });
    }
  }
  const all = [...groups.values()];
  if (all.length === 0) return none;
  const people = [...new Set(all.map((g) => g.recipient))];
  const [settings, mailable, pushable] = await Promise.all([
    settingsOf(trx, people),
    confirmedEmailOwners(trx, people),
    pushablePeople(trx, people),
  ]);

  const existing = await trx
    .selectFrom('notifications')
    .where('schoolId', 'in', [...new Set(all.map((g) => g.schoolId))])
    .where('recipientPersonId', 'in', people)
    .where('coalesceKey', 'in', [...new Set(all.map((g) => g.key))])
    .where('readAt', 'is', null)
    .where('mailedAt', 'is', null)
    .where(
      'updatedAt',
      '>=',
      new Date(now.getTime() - Math.max(MERGE_WINDOW_MS, deps.config.NOTIFY_DEBOUNCE_SECONDS * 1000)),
    )
    .select(['schoolId', 'id', 'recipientPersonId', 'coalesceKey', 'payload'])
    .execute();
  const open = new Map(existing.map((e) => [`${e.schoolId}:${e.recipientPersonId}:${e.coalesceKey}`, e]));

  const fresh: Array<Group & { inApp: boolean; email: boolean; push: boolean; digest: boolean }> = [];
  const touched = new Set<number>();
  for (const [id, g] of groups) {
    const prior = open.get(id);
    if (prior) {
      await trx
        .updateTable('notifications')
        .set({
          payload: JSON.stringify(merge(prior.payload as unknown as StoredPayload, g.payload, g.kind)),
          updatedAt: now,
        })
        .where('schoolId', '=', prior.schoolId)
        .where('id', '=', prior.id)
        .execute();
      touched.add(g.recipient);
      continue;
    }
    const s = settings.get(g.recipient)!.kinds.get(g.kind)!;
    const email = s.email && mailable.has(g.recipient);
    const push = s.push && pushable.has(g.recipient);
    if (!s.inApp && !email && !push) continue;
    fresh.push({ ...g, inApp: s.inApp, email, push, digest: s.digest });
    if (s.inApp) touched.add(g.recipient);
  }
  if (fresh.length === 0) return { inserted: 0, touched: [...touched] };
  const inserted = await trx
    .insertInto('notifications')
    .values(
      fresh.map((g) => ({
        schoolId: g.schoolId,
        recipientPersonId: g.recipient,
        studentPersonId: g.studentId,
        kind: g.kind,
        coalesceKey: g.key,
        payload: JSON.stringify(g.payload),
        inApp: g.inApp,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning(['schoolId', 'id'])
    .execute();

  const mails: NewJob[] = [];
  const later = new Date(now.getTime() + deps.config.NOTIFY_DEBOUNCE_SECONDS * 1000);
  const pushAt = new Date(now.getTime() + Math.min(deps.config.NOTIFY_DEBOUNCE_SECONDS, PUSH_DELAY_MAX_S) * 1000);
  fresh.forEach((g, i) => {
    const quiet = settings.get(g.recipient)!.quiet;
    const row = inserted[i]!;
    if (g.push) {
      if (g.digest) {
        const at = nextDigestAt(now);
        mails.push({
          kind: 'push',
          runAt: afterQuiet(quiet, at),
          personIds: [g.recipient],
          payload: { personId: g.recipient, digest: true },
          dedupeKey: `pushdigest:${g.recipient}:${at.toISOString()}`,
        });
      } else {
        mails.push({
          kind: 'push',
          runAt: afterQuiet(quiet, pushAt),
          personIds: [g.recipient],
          payload: { schoolId: row.schoolId, notificationId: row.id, personId: g.recipient },
          dedupeKey: `push:${row.schoolId}:${row.id}`,
        });
      }
    }
    if (!g.email) return;
    if (g.digest) {
      const at = nextDigestAt(now);
      mails.push({
        kind: 'digest',
        runAt: afterQuiet(quiet, at),
        personIds: [g.recipient],
        payload: { personId: g.recipient },
        dedupeKey: `digest:${g.recipient}:${at.toISOString()}`,
      });
    } else {
      mails.push({
        kind: 'email',
        runAt: afterQuiet(quiet, later),
        personIds: [g.recipient],
        payload: { schoolId: row.schoolId, notificationId: row.id, personId: g.recipient },
        dedupeKey: `mail:${row.schoolId}:${row.id}`,
      });
    }
  });
  await enqueue(trx, mails);
  return { inserted: inserted.length, touched: [...touched] };
}

// ── E-mail ──────────────────────────────────────────────────────────────────────────────────────────────────
async function recipientOf(db: Database, personId: number) {
  const [person, addresses] = await Promise.all([
    db
      .selectFrom('persons as p')
      .leftJoin('accounts as a', 'a.personId', 'p.id')
      .where('p.id', '=', personId)
      .where('p.deletedAt', 'is', null)
      .select(['p.firstName', 'a.locale'])
      .executeTakeFirst(),
    db
      .selectFrom('contacts')
      .where('personId', '=', personId)
      .where('kind', '=', 'email')
      .where('confirmedAt', 'is not', null)
      .select('value')
      .orderBy('id')
      .execute(),
  ]);
  if (!person) return null;
  return {
    name: person.firstName,
    locale: (person.locale ?? 'kk') as Locale,
    addresses: addresses.map((a) => a.value),
  };
}

/**
 * Rows still meant for the person when the e-mail goes: they still hold an active membership at the row's school,
 * and the row is their own or about a child still linked to them there.
 */
async function stillVisible(db: Database, personId: number, rows: NotificationRow[], today: string) {
  const schools = [...new Set(rows.map((r) => r.schoolId))];
  const about = rows.filter((r) => r.studentPersonId !== null && r.studentPersonId !== personId);
  const [links, active] = await Promise.all([
    about.length
      ? db
          .selectFrom('guardianships')
          .where('institutionId', 'in', schools)
          .where('parentPersonId', '=', personId)
          .where('childPersonId', 'in', [...new Set(about.map((r) => r.studentPersonId!))])
          .select(['institutionId', 'childPersonId'])
          .execute()
      : [],
    activeAt(db, schools, [personId], today),
  ]);
  const ok = new Set(links.map((l) => `${l.institutionId}:${l.childPersonId}`));
  const member = new Set(active.map((m) => m.institutionId));
  return rows.filter(
    (r) =>
      member.has(r.schoolId) &&
      (r.studentPersonId === null || r.studentPersonId === personId || ok.has(`${r.schoolId}:${r.studentPersonId}`)),
  );
}

const rowSelect = [
  'schoolId',
  'id',
  'recipientPersonId',
  'studentPersonId',
  'kind',
  'payload',
  'createdAt',
  'readAt',
] as const;

/** One notification's e-mail: 0 when there is nothing (any more) to send, a Date to wait for quiet hours' end. */
async function sendNotificationMail(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
  const p = job.payload as { schoolId: number; notificationId: number; personId: number };
  const row = await deps.db
    .selectFrom('notifications')
    .where('schoolId', '=', p.schoolId)
    .where('id', '=', p.notificationId)
    .where('mailedAt', 'is', null)
    .select([...rowSelect])
    .executeTakeFirst();
  if (!row) return 0;
  const n = { ...row, payload: row.payload as unknown as StoredPayload };
  const s = (await settingsOf(deps.db, [p.personId])).get(p.personId)!;
  const setting = s.kinds.get(n.kind)!;
  if (!setting.email) return 0;
  if (inQuiet(s.quiet, now)) return afterQuiet(s.quiet, now);
  const to = await recipientOf(deps.db, p.personId);
  if (!to || to.addresses.length === 0) return 0;
  if ((await stillVisible(deps.db, p.personId, [n], localDate(now))).length === 0) return 0;
  const [item] = await presentAll(deps.db, [n], to.locale);
  const mail = await notificationMail(deps, to, p.personId, item!);
  for (const address of to.addresses) await deps.mailer.send({ ...mail, to: address, personId: p.personId });
  await deps.db
    .updateTable('notifications')
    .set({ mailedAt: now })
    .where('schoolId', '=', n.schoolId)
    .where('id', '=', n.id)
    .execute();
  return to.addresses.length;
}

/**
 * One recipient's copy of a newsletter (queued by newsletter.service.ts): the setting is read again now, so an
 * unsubscribe between sending and delivery is honoured; quiet hours postpone it like any e-mail.
 */
async function sendNewsletterMail(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
  const p = job.payload as { newsletter: { institutionId: number; id: number }; personId: number };
  const s = (await settingsOf(deps.db, [p.personId])).get(p.personId)!;
  if (!s.kinds.get('newsletter')!.email) return 0;
  if (inQuiet(s.quiet, now)) return afterQuiet(s.quiet, now);
  const [to, n] = await Promise.all([
    recipientOf(deps.db, p.personId),
    deps.db
      .selectFrom('newsletters as n')
      .innerJoin('institutions as i', 'i.id', 'n.institutionId')
      .where('n.institutionId', '=', p.newsletter.institutionId)
      .where('n.id', '=', p.newsletter.id)
      .select(['n.subject', 'n.body', 'i.nameKk', 'i.nameRu', 'i.nameEn'])
      .executeTakeFirst(),
  ]);
  if (!to || to.addresses.length === 0 || !n) return 0;
  const from = to.locale === 'ru' ? n.nameRu : to.locale === 'en' ? n.nameEn : n.nameKk;
  const mail = await newsletterMail(deps, to, p.personId, { subject: n.subject, body: n.body, from });
  for (const address of to.addresses) await deps.mailer.send({ ...mail, to: address, personId: p.personId });
  return to.addresses.length;
}

/** The day's digest: every not yet mailed notification of the person's digest kinds from the last two days. */
async function sendDigest(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
  const personId = (job.payload as { personId: number }).personId;
  const s = (await settingsOf(deps.db, [personId])).get(personId)!;
  if (inQuiet(s.quiet, now)) return afterQuiet(s.quiet, now);
  const kinds = [...s.kinds].filter(([, v]) => v.email && v.digest).map(([k]) => k);
  if (kinds.length === 0) return 0;
  const to = await recipientOf(deps.db, personId);
  if (!to || to.addresses.length === 0) return 0;
  // The person's schools first, so the lookup uses the (school, recipient) index.
  const today = localDate(now);
  const schools = await deps.db
    .selectFrom('memberships')
    .where('personId', '=', personId)
    .where('startsOn', '<=', today)
    .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>', today)]))
    .select('institutionId')
    .execute();
  if (schools.length === 0) return 0;
  const rows = await deps.db
    .selectFrom('notifications')
    .where(
      'schoolId',
      'in',
      schools.map((m) => m.institutionId),
    )
    .where('recipientPersonId', '=', personId)
    .where('kind', 'in', kinds)
    .where('mailedAt', 'is', null)
    .where('createdAt', '>=', new Date(now.getTime() - 2 * 24 * 3600_000))
    .select([...rowSelect])
    .orderBy('id')
    .limit(100)
    .execute();
  const visible = await stillVisible(
    deps.db,
    personId,
    rows.map((r) => ({ ...r, payload: r.payload as unknown as StoredPayload })),
    localDate(now),
  );
  if (visible.length === 0) return 0;
  const items = await presentAll(deps.db, visible, to.locale);
  const mail = await digestMail(deps, to, personId, items);
  for (const address of to.addresses) await deps.mailer.send({ ...mail, to: address, personId });
  for (const schoolId of new Set(visible.map((r) => r.schoolId))) {
    await deps.db
      .updateTable('notifications')
      .set({ mailedAt: now })
      .where('schoolId', '=', schoolId)
      .where(
        'id',
        'in',
        visible.filter((r) => r.schoolId === schoolId).map((r) => r.id),
      )
      .execute();
  }
  return to.addresses.length;
}

// ── Web push ────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * One notification's push (or, with `digest`, the day's summary of the person's push-digest kinds): 0 when there
 * is nothing (any more) to send, a Date to wait for quiet hours' end.
 */
async function sendNotificationPush(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
  const p = job.payload as { schoolId?: number; notificationId?: number; personId: number; digest?: boolean };
  const s = (await settingsOf(deps.db, [p.personId])).get(p.personId)!;
  if (inQuiet(s.quiet, now)) return afterQuiet(s.quiet, now);
  const to = await recipientOf(deps.db, p.personId);
  if (!to) return 0;
  const t = translatorFor(to.locale);
  const o = { ns: 'notifications' };
  if (p.digest) {
    const kinds = [...s.kinds].filter(([, v]) => v.push && v.digest).map(([k]) => k);
    if (kinds.length === 0) return 0;
    // The person's schools first, so the lookup uses the (school, recipient) index; stillVisible checks access.
    const schools = await deps.db
      .selectFrom('memberships')
      .where('personId', '=', p.personId)
      .select('institutionId')
      .distinct()
      .execute();
    if (schools.length === 0) return 0;
    const rows = await deps.db
      .selectFrom('notifications')
      .where(
        'schoolId',
        'in',
        schools.map((m) => m.institutionId),
      )
      .where('recipientPersonId', '=', p.personId)
      .where('kind', 'in', kinds)
      .where('readAt', 'is', null)
      .where('createdAt', '>=', new Date(now.getTime() - 24 * 3600_000))
      .select([...rowSelect])
      .limit(100)
      .execute();
    const visible = await stillVisible(
      deps.db,
      p.personId,
      rows.map((r) => ({ ...r, payload: r.payload as unknown as StoredPayload })),
      localDate(now),
    );
    if (visible.length === 0) return 0;
    const message: PushMessage = {
      title: t('mail.digestSubject', o),
      body: t('push.digestBody', { ...o, count: visible.length }),
      url: '/diary',
      tag: 'digest',
    };
    return pushToPerson(deps, p.personId, message, now);
  }
  const row = await deps.db
    .selectFrom('notifications')
    .where('schoolId', '=', p.schoolId!)
    .where('id', '=', p.notificationId!)
    .where('readAt', 'is', null)
    .select([...rowSelect])
    .executeTakeFirst();
  if (!row) return 0;
  const n = { ...row, payload: row.payload as unknown as StoredPayload };
  if (!s.kinds.get(n.kind)!.push) return 0;
  if ((await stillVisible(deps.db, p.personId, [n], localDate(now))).length === 0) return 0;
  const [item] = await presentAll(deps.db, [n], to.locale);
  const message: PushMessage = {
    title: t(`kind.${item!.kind}`, o),
    body: item!.text,
    url: targetOf(item!) ?? '/',
    tag: `n${n.schoolId}-${n.id}`,
  };
  return pushToPerson(deps, p.personId, message, now);
}
