import type { Consent } from '@common/schemas/registration.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { translatorFor } from '../../plugins/i18n.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import {
  type ChildConsentRow,
  childrenWithConsents,
  schoolAdminsWithEmail,
  studentSchools,
} from './consents.repository.js';
import { isMinor } from './minors.js';

/**
 * Parents' consent to a minor's registration and the processing of the minor's data (user agreement 4.9,
 * 4.10). One linked parent's standing consent is enough; each parent gives and withdraws only their own.
 *
 * What a minor without consent can do: everything. Registration completes and the cabinet works, because the
 * school keeps its journal whether or not a parent has clicked; the student sees a notice asking a parent to
 * confirm, the parent sees the request on their children screen, and a withdrawal is reported to the school
 * (audit + mail to its administrators), whose staff take it up with the family.
 */

const iso = (d: Date | string) => new Date(d).toISOString();

function present(row: ChildConsentRow, parentPersonId: number, today: string): Consent {
  const consents = row.consents as unknown as Array<{
    parentPersonId: number;
    givenAt: string;
    surname: string;
    firstName: string;
  }>;
  const mine = consents.find((c) => c.parentPersonId === parentPersonId);
  return {
    childPersonId: row.childPersonId,
    institutionId: row.institutionId,
    surname: row.surname,
    firstName: row.firstName,
    patronymic: row.patronymic,
    birthDate: row.birthDate,
    required: isMinor(row.birthDate, today),
    given: consents.length > 0,
    mine: mine ? { givenAt: iso(mine.givenAt) } : null,
    others: consents
      .filter((c) => c.parentPersonId !== parentPersonId)
      .map((c) => ({ name: `${c.surname} ${c.firstName}`, givenAt: iso(c.givenAt) })),
  };
}

/** The student's own view: does anyone still need to consent? */
export async function consentStatus(deps: AppDeps, personId: number, birthDate: string) {
  const today = localDate(deps.clock.now());
  if (!isMinor(birthDate, today)) return { required: false, given: false };
  const schools = await studentSchools(deps.db, personId, today);
  return { required: schools.length > 0, given: schools.some((s) => s.consented) };
}

/** A parent's children at the context school with their consent state (empty for anyone but a parent). */
export async function listConsents(deps: AppDeps, actor: Actor): Promise<Consent[]> {
  const ctx = actor.context;
  if (ctx?.profile !== 'parent') return [];
  const today = localDate(deps.clock.now());
  const rows = await childrenWithConsents(deps.db, ctx.institutionId, actor.personId, today);
  return rows.map((r) => present(r, actor.personId, today));
}

/** The child as this parent sees them at the context school; anyone else's child is a 404. */
async function myChild(deps: AppDeps, actor: Actor, childPersonId: number, today: string) {
  const ctx = actor.context;
  if (!ctx || !allow(actor, 'consent.give', { id: ctx.institutionId, ancestors: ctx.ancestors })) throw forbidden();
  const rows = await childrenWithConsents(deps.db, ctx.institutionId, actor.personId, today);
  const child = rows.find((r) => r.childPersonId === childPersonId);
  if (!child) throw notFound();
  return child;
}

export async function giveConsent(deps: AppDeps, actor: Actor, childPersonId: number, origin: AuditOrigin) {
  const today = localDate(origin.at);
  const child = await myChild(deps, actor, childPersonId, today);
  if (!isMinor(child.birthDate, today)) throw unprocessable('registration.consentNotNeeded');
  const created = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('minorConsents')
      .values({
        institutionId: child.institutionId,
        childPersonId,
        parentPersonId: actor.personId,
        givenAt: origin.at,
        ip: origin.ip,
        userAgent: origin.userAgent,
      })
      .onConflict((oc) =>
        oc.columns(['institutionId', 'childPersonId', 'parentPersonId']).where('withdrawnAt', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    // Giving it twice (a second tab, a double click) changes nothing and logs nothing.
    if (!row) return false;
    await recordAudit(trx, origin, {
      institutionId: child.institutionId,
      action: 'consent.given',
      subjectType: 'person',
      subjectId: childPersonId,
      after: { consentId: row.id, parentPersonId: actor.personId },
    });
    return true;
  });
  const after = await myChild(deps, actor, childPersonId, today);
  return { created, consent: present(after, actor.personId, today) };
}

export async function withdrawConsent(deps: AppDeps, actor: Actor, childPersonId: number, origin: AuditOrigin) {
  const today = localDate(origin.at);
  const child = await myChild(deps, actor, childPersonId, today);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('minorConsents')
      .set({ withdrawnAt: origin.at })
      .where('institutionId', '=', child.institutionId)
      .where('childPersonId', '=', childPersonId)
      .where('parentPersonId', '=', actor.personId)
      .where('withdrawnAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound();
    await recordAudit(trx, origin, {
      institutionId: child.institutionId,
      action: 'consent.withdrawn',
      subjectType: 'person',
      subjectId: childPersonId,
      before: { consentId: row.id, parentPersonId: actor.personId },
    });
  });
  await notifySchool(deps, actor, child, origin.at);
  const after = await myChild(deps, actor, childPersonId, today);
  return present(after, actor.personId, today);
}

/**
 * Tells the school's administrators by mail, each in their own language. The audit event (written with the
 * withdrawal) is the durable record; a mail that cannot be sent does not undo the parent's decision.
 */
async function notifySchool(deps: AppDeps, actor: Actor, child: ChildConsentRow, at: Date) {
  const admins = await schoolAdminsWithEmail(deps.db, child.institutionId, localDate(at));
  const school = actor.context;
  await Promise.allSettled(
    admins.map(({ id, email, locale }) => {
      const t = translatorFor(locale);
      const params = {
        ns: 'registration',
        child: [child.surname, child.firstName, child.patronymic].filter(Boolean).join(' '),
        parent: [actor.surname, actor.firstName, actor.patronymic].filter(Boolean).join(' '),
        school: school ? { kk: school.nameKk, ru: school.nameRu, en: school.nameEn }[locale] : '',
        date: localDate(at),
      };
      return deps.mailer.send({
        to: email!,
        personId: id,
        subject: t('mail.consentWithdrawn.subject', params),
        text: t('mail.consentWithdrawn.text', params),
      });
    }),
  );
}
