import type { MySessions, SessionsEnded } from '@common/schemas/sessions.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { institutionsInScope, isCurrent, loadPersonAccess, refOf } from '../persons/persons.access.js';
import { compromiseMail, recipientsFor } from './compromise.mail.js';
import { presentSession } from './sessions.presenter.js';
import { type EndReason, endSessionsOf, forcePasswordChange, listLiveSessions } from './sessions.repository.js';

/**
 * A person's own sessions (user agreement 3.4, 4.17; ASVS 7.4.5, 7.5.2): list them, end one, end all others,
 * or declare the account compromised. Every ending is audited as `session.ended` with the ids it ended.
 */

const idleCutoff = (deps: AppDeps, now: Date) => new Date(now.getTime() - deps.config.SESSION_IDLE_MINUTES * 60_000);

/** One audit row per institution for the ended sessions, or none when nothing ended. */
function endedEntries(institutions: number[], personId: number, sessionIds: number[], reason: EndReason): AuditEntry[] {
  if (sessionIds.length === 0) return [];
  return institutions.map((institutionId) => ({
    institutionId,
    action: 'session.ended',
    subjectType: 'person',
    subjectId: personId,
    after: { sessions: sessionIds, reason },
  }));
}

/** The person's context institution is where their own actions are recorded (none without a context). */
const ownInstitution = (actor: Actor) => (actor.context ? [actor.context.institutionId] : []);

export async function listMySessions(deps: AppDeps, actor: Actor): Promise<MySessions> {
  const now = deps.clock.now();
  const rows = await listLiveSessions(deps.db, actor.personId, now, idleCutoff(deps, now));
  return { items: rows.map((r) => presentSession(r, actor.sessionId)) };
}

/** Ends one of my live sessions; any other id (someone else's, ended, made up) is a 404. */
export async function endMySession(deps: AppDeps, actor: Actor, sessionId: number, origin: AuditOrigin) {
  return deps.db.transaction().execute(async (trx) => {
    const live = await listLiveSessions(trx, actor.personId, origin.at, idleCutoff(deps, origin.at));
    if (!live.some((s) => s.id === sessionId)) throw notFound();
    const ended = await endSessionsOf(trx, actor.personId, origin.at, 'ended_by_owner', { only: sessionId });
    await recordAudit(trx, origin, endedEntries(ownInstitution(actor), actor.personId, ended, 'ended_by_owner'));
    return { current: sessionId === actor.sessionId };
  });
}

/** "Sign out everywhere else" (ASVS 7.4.3): the session making the request stays. */
export async function endMyOtherSessions(deps: AppDeps, actor: Actor, origin: AuditOrigin): Promise<SessionsEnded> {
  return deps.db.transaction().execute(async (trx) => {
    const ended = await endSessionsOf(trx, actor.personId, origin.at, 'ended_by_owner', { except: actor.sessionId });
    await recordAudit(trx, origin, endedEntries(ownInstitution(actor), actor.personId, ended, 'ended_by_owner'));
    return { ended: ended.length };
  });
}

/**
 * "My account is compromised" (user agreement 4.17): ends every session, this one too, and makes the next
 * sign-in choose a new password (NIST 800-63B: a forced change on evidence of compromise). Recorded at each of
 * the person's institutions, so their administrators see it in the audit log; those with an e-mail address
 * are also told by mail, in their language. Mail goes out after the commit and never undoes it.
 */
export async function reportCompromise(deps: AppDeps, actor: Actor, origin: AuditOrigin) {
  const institutions = [...new Set(actor.memberships.map((m) => m.institutionId))];
  const ended = await deps.db.transaction().execute(async (trx) => {
    const ids = await endSessionsOf(trx, actor.personId, origin.at, 'compromised');
    await forcePasswordChange(trx, actor.personId, origin.at);
    await recordAudit(
      trx,
      origin,
      institutions.map((institutionId) => ({
        institutionId,
        action: 'account.compromiseReported',
        subjectType: 'person',
        subjectId: actor.personId,
        after: { mustChangePassword: true, sessionsEnded: ids },
      })),
    );
    return ids;
  });

  const recipients = (await recipientsFor(deps, actor, localDate(origin.at))).filter((r) => r.admin.email);
  const results = await Promise.allSettled(
    recipients.map((r) => deps.mailer.send(compromiseMail(deps, actor, r, origin.at))),
  );
  const failed = results.filter((r) => r.status === 'rejected').length;
  return { ended: ended.length, notified: results.length - failed, failed };
}

/**
 * An administrator ends all sessions of a person they manage (ASVS 7.4.5), e.g. a lost phone or a shared
 * computer left signed in. Unlike a password reset this hands the administrator nothing of the account, so
 * managing one institution where the person is currently a member is enough. Invisible people are a 404,
 * visible but not managed a 403.
 */
export async function endSessionsOfPerson(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  origin: AuditOrigin,
): Promise<SessionsEnded> {
  const today = localDate(origin.at);
  const access = await loadPersonAccess(deps.db, actor, personId, today);
  // A former member (ended membership) is visible in the history, but no longer the administrator's to manage.
  if (!access.all.some((m) => isCurrent(m, today) && allow(actor, 'person.manage', refOf(m)))) throw forbidden();
  const institutions = institutionsInScope(actor, access.all);
  return deps.db.transaction().execute(async (trx) => {
    const ended = await endSessionsOf(trx, personId, origin.at, 'ended_by_admin');
    await recordAudit(trx, origin, endedEntries(institutions, personId, ended, 'ended_by_admin'));
    return { ended: ended.length };
  });
}
