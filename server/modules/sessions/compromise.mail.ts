import type { Locale } from '@common/enums.js';
import type { AppDeps } from '../../deps.js';
import { SCHOOL_TIME_ZONE } from '../../lib/clock.js';
import type { MailMessage } from '../../lib/mail.js';
import { translatorFor } from '../../plugins/i18n.js';
import type { Actor, ActorMembership } from '../auth/actor.js';
import { type AdminRow, listAdministrators } from './sessions.repository.js';

const fullName = (p: { surname: string; firstName: string; patronymic: string | null }) =>
  [p.surname, p.firstName, p.patronymic].filter(Boolean).join(' ');

const INTL_LOCALE: Record<Locale, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-GB' };
const formatTime = (at: Date, locale: Locale) =>
  new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: SCHOOL_TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);

const nameIn = (m: ActorMembership, locale: Locale) => ({ kk: m.nameKk, ru: m.nameRu, en: m.nameEn })[locale];

/**
 * Who hears that a person's account is compromised: for each institution the person belongs to, its
 * administrators; where it has none, the nearest institution above it that has some (a school without an
 * administrator of its own is run by its district). The person themself is never among them.
 */
export async function recipientsFor(deps: AppDeps, actor: Actor, today: string) {
  const levels = [...new Set(actor.memberships.flatMap((m) => m.ancestors))];
  const admins = await listAdministrators(deps.db, levels, actor.personId, today);
  const byInstitution = new Map<number, AdminRow[]>();
  for (const a of admins) byInstitution.set(a.institutionId, [...(byInstitution.get(a.institutionId) ?? []), a]);
  const chosen = new Map<number, { admin: AdminRow; about: ActorMembership }>();
  for (const m of actor.memberships) {
    const nearest = [...m.ancestors].reverse().find((id) => byInstitution.has(id));
    for (const admin of nearest === undefined ? [] : (byInstitution.get(nearest) ?? [])) {
      if (!chosen.has(admin.personId)) chosen.set(admin.personId, { admin, about: m });
    }
  }
  return [...chosen.values()];
}

export function compromiseMail(
  deps: AppDeps,
  actor: Actor,
  { admin, about }: { admin: AdminRow; about: ActorMembership },
  at: Date,
): MailMessage {
  const locale = admin.locale;
  const t = translatorFor(locale);
  const o = { ns: 'sessions' };
  const link = `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/people/${actor.personId}`;
  const lines = [
    t('mail.greeting', { ...o, name: fullName(admin) }),
    '',
    t('mail.compromised.intro', {
      ...o,
      person: fullName(actor),
      username: actor.username,
      institution: nameIn(about, locale),
      time: formatTime(at, locale),
    }),
    t('mail.compromised.done', o),
    t('mail.compromised.advice', o),
    '',
    link,
    '',
    '--',
    t('mail.footer', o),
  ];
  return {
    to: admin.email!,
    subject: t('mail.compromised.subject', o),
    text: lines.join('\n'),
    personId: admin.personId,
  };
}
