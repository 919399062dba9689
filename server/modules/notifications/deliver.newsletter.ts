import type { AppDeps } from '../../deps.js';
import { recipientOf } from './deliver.recipients.js';
import { newsletterMail } from './notifications.mail.js';
import type { JobRow } from './queue.js';
import { afterQuiet, inQuiet, settingsOf } from './settings.js';

/**
 * One recipient's copy of a newsletter (queued by newsletter.service.ts): the setting is read again now, so an
 * unsubscribe between sending and delivery is honoured; quiet hours postpone it like any e-mail.
 */
export async function sendNewsletterMail(deps: AppDeps, job: JobRow, now: Date): Promise<number | Date> {
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
