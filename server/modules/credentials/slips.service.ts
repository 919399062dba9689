import type { Locale } from '@common/enums.js';
import type { SlipsPerPage } from '@common/schemas/credentials.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { DAY_MS, localDate } from '../../lib/clock.js';
import { translatorFor } from '../../plugins/i18n.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { findSlipSubjects, type SlipSubjectRow } from './credentials.repository.js';
import { mapLimit } from './map-limit.js';
import { RowIssuesError } from './row-issues.js';
import { renderSlips, type SlipText } from './slips.pdf.js';

const VERIFY_CONCURRENCY = 4;

type Membership = SlipSubjectRow['memberships'][number];
const refOf = (m: Membership) => ({ id: m.institutionId, ancestors: m.ancestors });
const isCurrent = (m: Membership, today: string) => (m.endsOn === null || m.endsOn > today) && m.closedAt === null;
const nameIn = (m: Membership, locale: Locale) => ({ kk: m.nameKk, ru: m.nameRu, en: m.nameEn })[locale];

/** DD.MM.YYYY, the way dates are written in Kazakhstan whatever the language. */
const dotted = (isoDate: string) => isoDate.split('-').reverse().join('.');

/**
 * The PDF of credential slips. It prints only what the administrator already holds and may hand out: each
 * person must be one the actor manages (invisible → 404, visible but not theirs to manage → 403), and each
 * password must verify against the account's current, unexpired temporary password (else 422
 * credentials.notCurrent, naming the items) — so it cannot print arbitrary text or a superseded password.
 */
export async function credentialSlips(
  deps: AppDeps,
  actor: Actor,
  input: { items: Array<{ personId: number; temporaryPassword: string }>; perPage: SlipsPerPage },
  requestLocale: Locale,
): Promise<Buffer> {
  const now = deps.clock.now();
  const today = localDate(now);
  const subjects = new Map(
    (await findSlipSubjects(deps.db, [...new Set(input.items.map((i) => i.personId))])).map((s) => [s.id, s]),
  );

  // Authorization first, for every item, before any password is looked at.
  const resolved = input.items.map((item) => {
    const subject = subjects.get(item.personId);
    const readable = subject?.memberships.filter((m) => allow(actor, 'person.readAny', refOf(m))) ?? [];
    if (!subject || readable.length === 0) throw notFound();
    const managed = subject.memberships.filter((m) => allow(actor, 'person.manage', refOf(m)));
    if (managed.length === 0) throw forbidden();
    // The school on the slip: where the person is now, among the places the actor manages.
    const school = managed.find((m) => isCurrent(m, today)) ?? managed[0]!;
    return { item, subject, school };
  });

  const current = await mapLimit(resolved, VERIFY_CONCURRENCY, async ({ item, subject }) => {
    const expiresAt = subject.tempPasswordExpiresAt ? new Date(subject.tempPasswordExpiresAt) : null;
    const temporary = subject.passwordIsTemporary === true && expiresAt !== null && expiresAt > now;
    // Verify even when the answer is already known, so timing says nothing about which check failed.
    const matches = await deps.hasher.verify(subject.passwordHash, item.temporaryPassword);
    return temporary && matches;
  });
  const stale = current.flatMap((ok, index) =>
    ok ? [] : [{ path: `body.items.${index}.temporaryPassword`, code: 'credentials.notCurrent' }],
  );
  if (stale.length > 0) throw new RowIssuesError('credentials.notCurrent', stale);

  const url = deps.config.PUBLIC_URL.replace(/\/+$/, '');
  const slips: SlipText[] = resolved.map(({ item, subject, school }) => {
    const locale = subject.locale ?? 'kk';
    const t = translatorFor(locale);
    // The last whole day it works: "valid through" the day before the expiry instant's date.
    const expiresAt = new Date(subject.tempPasswordExpiresAt!);
    const lastDay = localDate(new Date(expiresAt.getTime() - DAY_MS));
    return {
      heading: t('credentials:slip.heading'),
      school: nameIn(school, locale),
      fullName: [subject.surname, subject.firstName, subject.patronymic].filter(Boolean).join(' '),
      usernameLabel: t('credentials:slip.username'),
      username: subject.username!,
      passwordLabel: t('credentials:slip.password'),
      password: item.temporaryPassword,
      signInLabel: t('credentials:slip.signIn'),
      url,
      validity: t('credentials:slip.validThrough', { date: dotted(lastDay) }),
      instructions: t('credentials:slip.instructions'),
    };
  });
  return renderSlips(slips, input.perPage, {
    title: translatorFor(requestLocale)('credentials:slip.documentTitle'),
    createdAt: now,
  });
}
