import type { Locale } from '@common/enums.js';
import type { Child } from '@common/schemas/guardianships.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor, ActorMembership } from '../auth/actor.js';
import { setSessionContext } from '../auth/session.repository.js';

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

/** Only one of the actor's own active memberships can become the context; anything else is 404. */
export async function switchContext(deps: AppDeps, actor: Actor, membershipId: number): Promise<ActorMembership> {
  const target = actor.memberships.find((m) => m.id === membershipId);
  if (!target) throw notFound();
  await setSessionContext(deps.db, actor.sessionId, target.institutionId, target.id);
  return target;
}

/** A parent's children linked in the context school who are still its students. */
export async function listMyChildren(deps: AppDeps, actor: Actor): Promise<Child[]> {
  const m = actor.context;
  if (m?.profile !== 'parent') return [];
  const today = localDate(deps.clock.now());
  return deps.db
    .selectFrom('guardianships as g')
    .innerJoin('persons as p', 'p.id', 'g.childPersonId')
    .where('g.institutionId', '=', m.institutionId)
    .where('g.parentPersonId', '=', actor.personId)
    .where('p.deletedAt', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as sm')
          .whereRef('sm.institutionId', '=', 'g.institutionId')
          .whereRef('sm.personId', '=', 'g.childPersonId')
          .where('sm.profile', '=', 'student')
          .where('sm.startsOn', '<=', today)
          .where((w) => w.or([w('sm.endsOn', 'is', null), w('sm.endsOn', '>', today)]))
          .select('sm.id'),
      ),
    )
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
