import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { translatorFor } from '../../plugins/i18n.js';
import { digestCandidates, recipientOf, rowSelect, stillVisible } from './deliver.recipients.js';
import { presentAll, type StoredPayload, targetOf } from './notifications.presenter.js';
import { type PushMessage, pushToPerson } from './push.js';
import type { JobRow } from './queue.js';
import { afterQuiet, inQuiet, settingsOf } from './settings.js';

// The web-push sender of the delivery job; the transport (VAPID, subscriptions, dead endpoints) is push.ts.
// A notification already read in the app by the time its push is due is not pushed.

/**
 * One notification's push (or, with `digest`, the day's summary of the person's push-digest kinds): 0 when there
 * is nothing (any more) to send, a Date to wait for quiet hours' end.
 */
export async function sendNotificationPush(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
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
    const visible = await digestCandidates(deps.db, p.personId, {
      kinds,
      pending: 'readAt',
      since: new Date(now.getTime() - 24 * 3600_000),
      today: localDate(now),
    });
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
