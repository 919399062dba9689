import type { DeletionReason } from '@common/enums.js';
import type { DeletionRequest, DeletionResult, PersonDelete } from '@common/schemas/deletion.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { endEnrollmentsOnLeaving } from '../classes/classes.enrollment.js';
import { isCurrent, loadPersonAccess, refOf } from '../persons/persons.access.js';
import { endSessions } from './access.repository.js';
import { notifyAdministrators } from './deletion.notify.js';
import {
  accountHash,
  endOpenMemberships,
  institutionsOfPerson,
  lockPerson,
  markDeleted,
} from './deletion.repository.js';
import { purgeDueAt } from './purge.js';

/**
 * Deleting a profile (agreement 3.7), on the person's own request or by an administrator's decision. Either
 * way it takes effect at once, in one transaction: the person is marked deleted with the reason, the account
 * disabled, every session ended, every membership still open ended ("profile_deleted"), and the deletion
 * recorded in the audit log of every institution where the person holds or held a membership. From then on
 * sign-in fails like an unknown username and the person is "not found" everywhere. Names, IIN and contacts
 * stay PURGE_AFTER_MONTHS more (4.12) and are then erased by the purge job (purge.ts).
 */
async function deleteProfile(
  deps: AppDeps,
  personId: number,
  reason: DeletionReason,
  byOwnRequest: boolean,
  origin: AuditOrigin,
): Promise<DeletionResult> {
  const day = localDate(origin.at);
  const purgeAfter = purgeDueAt(origin.at, deps.config.PURGE_AFTER_MONTHS);
  return deps.db.transaction().execute(async (trx) => {
    const person = await lockPerson(trx, personId);
    if (!person || person.deletedAt !== null) throw notFound(); // deleted meanwhile
    await markDeleted(trx, personId, reason, origin.at);
    const sessionsEnded = await endSessions(trx, { personId }, origin.at, 'profile_deleted');
    const memberships = await endOpenMemberships(trx, personId, day, origin.at);
    const endsOn = new Map(memberships.after.map((m) => [m.id, m.endsOn]));
    // Issue 4: a student's classes at each school end with the membership (rows stay as history).
    for (const m of memberships.before.filter((x) => x.profile === 'student')) {
      await endEnrollmentsOnLeaving(trx, m.institutionId, personId, endsOn.get(m.id) ?? day);
    }
    const institutions = await institutionsOfPerson(trx, personId);

    // Payloads carry no personal data: the subject id says who, the purge leaves nothing to redact here.
    const entries: AuditEntry[] = [
      ...memberships.before.map((m) => ({
        institutionId: m.institutionId,
        action: 'membership.ended',
        subjectType: 'person',
        subjectId: personId,
        before: { membershipId: m.id, endsOn: m.endsOn, endReason: m.endReason },
        after: { membershipId: m.id, profile: m.profile, endsOn: endsOn.get(m.id), endReason: 'profile_deleted' },
      })),
      ...institutions.map((institutionId) => ({
        institutionId,
        action: 'person.deleted',
        subjectType: 'person',
        subjectId: personId,
        after: {
          reason,
          byOwnRequest,
          purgeAfter: purgeAfter.toISOString(),
          membershipsEnded: memberships.before.filter((m) => m.institutionId === institutionId).length,
        },
      })),
    ];
    await recordAudit(trx, origin, entries);
    return {
      personId,
      deletedAt: origin.at.toISOString(),
      purgeAfter: purgeAfter.toISOString(),
      membershipsEnded: memberships.before.length,
      sessionsEnded,
    };
  });
}

/**
 * An administrator's decision. Deleting a profile ends the person's access everywhere, so — as for a password
 * reset — the administrator must manage every institution where the person currently holds a membership; a
 * school administrator cannot delete a district employee who is also a parent at their school (403, with a
 * code saying why). Someone the administrator cannot see at all is 404.
 */
export async function deletePerson(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  input: PersonDelete,
  origin: AuditOrigin,
): Promise<DeletionResult> {
  const day = localDate(origin.at);
  const access = await loadPersonAccess(deps.db, actor, personId, day);
  if (!access.canManage) throw forbidden();
  if (access.all.some((m) => isCurrent(m, day) && !allow(actor, 'person.manage', refOf(m)))) {
    throw new AppError(403, 'deletion.otherInstitutions');
  }
  return deleteProfile(deps, personId, input.reason, false, origin);
}

/**
 * The person's own request (agreement 3.7): it deletes at once — nobody has to approve leaving — and the
 * administrators of the institutions the person belonged to are told (audit log there, and an e-mail to those
 * who have an address). The current password is asked again: a session left open on a shared computer must
 * not be enough to erase someone.
 */
export async function requestOwnDeletion(
  deps: AppDeps,
  actor: Actor,
  input: DeletionRequest,
  origin: AuditOrigin,
  log: { warn(obj: object, msg: string): void },
): Promise<DeletionResult> {
  const account = await accountHash(deps.db, actor.personId);
  if (!(await deps.hasher.verify(account?.passwordHash, input.password))) {
    throw unprocessable('deletion.wrongPassword');
  }
  const activeInstitutions = [...new Set(actor.memberships.map((m) => m.institutionId))];
  const result = await deleteProfile(deps, actor.personId, 'own_request', true, origin);
  // After the commit, and never failing the request: the deletion has happened whatever the mail server says.
  // Logged without the message or address (personal data).
  const failed = (error: unknown) =>
    log.warn({ code: (error as { code?: unknown })?.code }, 'deletion notice not sent');
  await notifyAdministrators(deps, actor.personId, activeInstitutions, result, failed).catch(failed);
  return result;
}
