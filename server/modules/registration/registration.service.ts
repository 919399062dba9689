import type { Locale } from '@common/enums.js';
import type { Registration, RegistrationComplete } from '@common/schemas/registration.js';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound } from '../../errors.js';
import { findCurrentVersion, insertAcceptance } from '../agreements/agreements.repository.js';
import { currentForReading, ownInstitutions } from '../agreements/agreements.service.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { endOtherSessions } from '../auth/session.repository.js';
import { checkNewPassword, setPassword } from '../passwords/password.service.js';
import { consentStatus } from './consents.service.js';

/**
 * The first-sign-in wizard (user agreement 3.1–3.3, 2.1, 4.7): the person checks their data (and may file a
 * correction request), replaces the temporary password, and accepts the current agreement by pressing
 * "Register". Completion is one transaction: password, registration stamp, acceptance and audit together.
 */

export async function getRegistration(deps: AppDeps, actor: Actor, locale: Locale): Promise<Registration> {
  const row = await deps.db
    .selectFrom('persons as p')
    .innerJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.id', '=', actor.personId)
    .select(['p.surname', 'p.firstName', 'p.patronymic', 'p.birthDate', 'p.gender', 'a.registeredAt'])
    .executeTakeFirst();
  if (!row) throw notFound();
  const [agreement, consent] = await Promise.all([
    currentForReading(deps, locale),
    consentStatus(deps, actor.personId, row.birthDate),
  ]);
  return {
    registered: row.registeredAt !== null,
    person: {
      surname: row.surname,
      firstName: row.firstName,
      patronymic: row.patronymic,
      birthDate: row.birthDate,
      gender: row.gender,
    },
    agreement,
    consent,
  };
}

export async function completeRegistration(
  deps: AppDeps,
  actor: Actor,
  input: RegistrationComplete,
  origin: AuditOrigin,
) {
  const account = await deps.db
    .selectFrom('accounts')
    .where('personId', '=', actor.personId)
    .select('registeredAt')
    .executeTakeFirst();
  if (!account) throw notFound();
  if (account.registeredAt) throw conflict('registration.alreadyDone');
  // The person must have read the version in force: one published while the wizard was open is shown first.
  const current = await findCurrentVersion(deps.db);
  if ((current?.id ?? null) !== input.agreementVersionId) throw conflict('agreement.outdated');
  await checkNewPassword(deps, deps.db, actor.personId, input.newPassword);

  await deps.db.transaction().execute(async (trx) => {
    // Claimed first, so a second tab finishing at the same moment finds it done and changes nothing.
    const claimed = await trx
      .updateTable('accounts')
      .set({ registeredAt: origin.at })
      .where('personId', '=', actor.personId)
      .where('registeredAt', 'is', null)
      .returning('personId')
      .executeTakeFirst();
    if (!claimed) throw conflict('registration.alreadyDone');
    // Replaces the temporary password: from now on it no longer signs anyone in.
    await setPassword(deps, trx, actor.personId, input.newPassword, origin.at);
    if (current) {
      await insertAcceptance(trx, {
        personId: actor.personId,
        versionId: current.id,
        acceptedAt: origin.at,
        ip: origin.ip,
        userAgent: origin.userAgent,
      });
    }
    // Whoever else signed in with the temporary credentials (a slip left on a desk) is signed out.
    await endOtherSessions(trx, actor.personId, actor.sessionId, origin.at, 'registered');
    await recordAudit(
      trx,
      origin,
      ownInstitutions(actor).map((institutionId) => ({
        institutionId,
        action: 'registration.completed',
        subjectType: 'person',
        subjectId: actor.personId,
        after: { agreementVersion: current?.label ?? null },
      })),
    );
  });
}
