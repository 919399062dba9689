import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { digestCandidates, recipientOf, rowSelect, stillVisible } from './deliver.recipients.js';
import { digestMail, notificationMail } from './notifications.mail.js';
import { presentAll, type StoredPayload } from './notifications.presenter.js';
import type { JobRow } from './queue.js';
import { afterQuiet, inQuiet, settingsOf } from './settings.js';

/**
 * The e-mail senders of the delivery job: one notification's e-mail, and the daily digest. Both render when sent
 * (so the mail shows everything merged meanwhile) and mark what they sent `mailedAt`, which also closes the
 * notification to further merging.
 */

/** One notification's e-mail: 0 when there is nothing (any more) to send, a Date to wait for quiet hours' end. */
export async function sendNotificationMail(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
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

/** The day's digest: every not yet mailed notification of the person's digest kinds from the last two days. */
export async function sendDigest(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
  const personId = (job.payload as { personId: number }).personId;
  const s = (await settingsOf(deps.db, [personId])).get(personId)!;
  if (inQuiet(s.quiet, now)) return afterQuiet(s.quiet, now);
  const kinds = [...s.kinds].filter(([, v]) => v.email && v.digest).map(([k]) => k);
  if (kinds.length === 0) return 0;
  const to = await recipientOf(deps.db, personId);
  if (!to || to.addresses.length === 0) return 0;
  const visible = await digestCandidates(deps.db, personId, {
    kinds,
    pending: 'mailedAt',
    since: new Date(now.getTime() - 2 * 24 * 3600_000),
    today: localDate(now),
  });
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
