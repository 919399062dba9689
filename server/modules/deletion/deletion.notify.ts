import type { DeletionResult } from '@common/schemas/deletion.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { sendInBackground } from '../../lib/mail.js';
import { translatorFor } from '../../plugins/i18n.js';
import { type AdminToNotify, administratorsOf } from './deletion.repository.js';

const nameIn = (a: AdminToNotify) => ({ kk: a.nameKk, ru: a.nameRu, en: a.nameEn })[a.locale];

/**
 * Tells the administrators of the institutions a person belonged to that a profile was deleted there on the
 * person's own request (one message per administrator, in their language). The message deliberately does not
 * name the person: mailboxes are beyond the reach of the purge, and the name is in the institution's audit
 * log (until the purge) where the link leads.
 */
export async function notifyAdministrators(
  deps: AppDeps,
  personId: number,
  institutionIds: number[],
  result: DeletionResult,
  onError: (error: unknown) => void,
) {
  const rows = await administratorsOf(deps.db, institutionIds, personId, localDate(deps.clock.now()));
  const byAdmin = new Map<number, AdminToNotify[]>();
  for (const row of rows) byAdmin.set(row.personId, [...(byAdmin.get(row.personId) ?? []), row]);
  for (const [adminId, places] of byAdmin) {
    const first = places[0]!;
    const t = translatorFor(first.locale);
    const params = {
      institutions: places.map(nameIn).join(', '),
      date: localDate(new Date(result.deletedAt)),
      purgeOn: localDate(new Date(result.purgeAfter)),
      link: `${deps.config.PUBLIC_URL}/audit`,
    };
    sendInBackground(
      deps.mailer,
      {
        to: first.email,
        personId: adminId,
        subject: t('deletion:mail.subject', params),
        text: t('deletion:mail.text', params),
      },
      onError,
    );
  }
}
