import type { MembershipEnd, MembershipInput } from '@common/schemas/persons.js';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { listActiveMemberships } from '../auth/session.repository.js';
import { endEnrollmentsOnLeaving } from '../classes/classes.enrollment.js';
import { endSessions } from '../deletion/access.repository.js';
import { checkMembershipShape, manageableInstitution } from './memberships.rules.js';
import { loadPersonAccess, refOf } from './persons.access.js';
import { findMembership, findOpenMembership } from './persons.repository.js';
import { getPersonDetail } from './persons.service.js';

/** A further membership for a person the actor can see, in an institution the actor manages. */
export async function addMembership(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  input: MembershipInput,
  origin: AuditOrigin,
) {
  const day = localDate(origin.at);
  await loadPersonAccess(deps.db, actor, personId, day);
  const inst = await manageableInstitution(deps.db, actor, input.institutionId);
  const membership = checkMembershipShape(inst.kind, input);

  await deps.db.transaction().execute(async (trx) => {
    // The person row lock serialises two simultaneous additions, so the duplicate check below holds.
    await trx.selectFrom('persons').where('id', '=', personId).select('id').forUpdate().execute();
    if (await findOpenMembership(trx, personId, inst.id, membership.profile, day)) {
      throw conflict('person.membershipExists');
    }
    const m = await trx
      .insertInto('memberships')
      .values({
        institutionId: inst.id,
        personId,
        ...membership,
        startsOn: membership.startsOn ?? day,
        createdAt: origin.at,
        updatedAt: origin.at,
      })
      .returning(['id', 'startsOn'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: inst.id,
      action: 'membership.created',
      subjectType: 'person',
      subjectId: personId,
      after: { membershipId: m.id, ...membership, startsOn: m.startsOn },
    });
  });
  return getPersonDetail(deps, actor, personId);
}

/**
 * Ends a membership for a recorded reason. Parent–child links are deliberately kept: a parent stops
 * seeing a former student because /me/children and the person views only follow children who are still
 * students of the school, and the link is there again if the child comes back.
 *
 * Agreement 3.6: only this institution's access ends. Once the end date has come (today, or a date already
 * past), the sessions acting through this membership end at once; the person's sessions in their other
 * memberships keep working (they can no longer switch to this one), and when nothing active is left every
 * session ends. A later end date leaves the sessions until that day; the deletion module's periodic job ends
 * them then (server/modules/deletion/deletion.jobs.ts). The membership row (end date, reason) and the audit
 * log keep the history.
 */
export async function endMembership(
  deps: AppDeps,
  actor: Actor,
  membershipId: number,
  input: MembershipEnd,
  origin: AuditOrigin,
) {
  const day = localDate(origin.at);
  const m = await findMembership(deps.db, membershipId);
  if (!m) throw notFound();
  if (!allow(actor, 'person.manage', refOf(m))) {
    const visible = allow(actor, 'person.readAny', refOf(m)) || m.personId === actor.personId;
    throw visible ? forbidden() : notFound();
  }
  if (m.endsOn !== null) throw unprocessable('person.membershipEnded');
  const endsOn = input.endsOn ?? day;
  if (endsOn < m.startsOn) throw unprocessable('person.endBeforeStart');

  await deps.db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('memberships')
      .set({ endsOn, endReason: input.reason, updatedAt: origin.at })
      .where('institutionId', '=', m.institutionId)
      .where('id', '=', m.id)
      .where('endsOn', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw unprocessable('person.membershipEnded'); // ended meanwhile by someone else
    let sessionsEnded = 0;
    if (endsOn <= day) {
      const nothingLeft = (await listActiveMemberships(trx, m.personId, day)).length === 0;
      const target = nothingLeft ? { personId: m.personId } : { personId: m.personId, membershipIds: [m.id] };
      sessionsEnded = await endSessions(trx, target, origin.at, 'membership_ended');
    }
    // A student leaving the school leaves its classes too (issue 4 §2); the ended rows stay as history.
    const enrollments =
      m.profile === 'student' ? await endEnrollmentsOnLeaving(trx, m.institutionId, m.personId, endsOn) : null;
    await recordAudit(trx, origin, {
      institutionId: m.institutionId,
      action: 'membership.ended',
      subjectType: 'person',
      subjectId: m.personId,
      before: { membershipId: m.id, endsOn: null, endReason: null },
      after: {
        membershipId: m.id,
        profile: m.profile,
        endsOn,
        endReason: input.reason,
        sessionsEnded,
        ...(enrollments ? { enrollmentsEnded: enrollments.ended.length + enrollments.deleted.length } : {}),
      },
    });
  });
  return getPersonDetail(deps, actor, m.personId);
}
