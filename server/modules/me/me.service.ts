import type { Locale } from '@common/enums.js';
import type { Child } from '@common/schemas/guardianships.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { switchTokenContext } from '../api-clients/tokens.service.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor, ActorMembership } from '../auth/actor.js';
import { setSessionContext } from '../auth/session.repository.js';
import { currentChildLinks } from '../guardianships/guardianships.repository.js';

export async function setLocale(deps: AppDeps, actor: Actor, locale: Locale, origin: AuditOrigin) {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ locale, updatedAt: origin.at })
      .where('personId', '=', actor.personId)
      .execute();
    if (actor.context && actor.locale !== locale) {
      await recordAudit(trx, origin, {
        institutionId: actor.context.institutionId,
        action: 'account.localeChanged',
        subjectType: 'person',
        subjectId: actor.personId,
        before: { locale: actor.locale },
        after: { locale },
      });
    }
  });
}

/**
 * Only one of the actor's own active memberships can become the context; anything else is 404. An API token
 * keeps its context on its grant (the next request with it acts there), audited as a change to the token.
 */
export async function switchContext(
  deps: AppDeps,
  actor: Actor,
  membershipId: number,
  origin: AuditOrigin,
): Promise<ActorMembership> {
  const target = actor.memberships.find((m) => m.id === membershipId);
  if (!target) throw notFound();
  if (actor.via === 'token') return switchTokenContext(deps.db, actor, target, origin);
  await setSessionContext(deps.db, actor.sessionId, target.institutionId, target.id);
  return target;
}

/** A parent's children linked in the context school who are still its students. */
export async function listMyChildren(deps: AppDeps, actor: Actor): Promise<Child[]> {
  const m = actor.context;
  if (m?.profile !== 'parent') return [];
  const today = localDate(deps.clock.now());
  return currentChildLinks(deps.db, m.institutionId, actor.personId, today)
    .select([
      'p.id as personId',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.birthDate',
      'g.institutionId',
      'g.relation',
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .execute();
}
