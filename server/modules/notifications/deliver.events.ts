import type { NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { factsOf, merge } from './deliver.facts.js';
import { confirmedEmailOwners, recipientsOf } from './deliver.recipients.js';
import type { EventPayload } from './events.js';
import type { StoredPayload } from './notifications.presenter.js';
import { pushablePeople } from './push.js';
import { enqueue, type JobRow, type NewJob } from './queue.js';
import { afterQuiet, nextDigestAt, settingsOf } from './settings.js';

/**
 * Events → notifications, and the channel jobs that follow them.
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
 * summary push at the digest hour instead.
 */
const PUSH_DELAY_MAX_S = 10;
const MERGE_WINDOW_MS = 60_000;

/** Stores the batch's notifications; `inserted` new rows, `touched` everyone with a new or merged one. */
export async function processEvents(
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
