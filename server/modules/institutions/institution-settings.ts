import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { allow, type InstitutionRef, scopeRoot } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';

/**
 * The per-institution switches of `institution_settings` (one row per institution; no row = every switch at its
 * default). Each switch's service (recovery/settings.service.ts, diary/distribution.service.ts) keeps its own
 * default, effect and permission to change; the read of the institution with its row and the audited write are
 * the same for all of them and live here.
 */

type Switch = 'selfServiceRecovery' | 'classDistribution';

/** The institution with its settings row (`s`, left-joined), to which a service adds its switch's columns. */
export function institutionWithSettings(deps: AppDeps, id: number) {
  return deps.db
    .selectFrom('institutions as i')
    .leftJoin('institutionSettings as s', 's.institutionId', 'i.id')
    .where('i.id', '=', id);
}

/**
 * Runs `read` for an actor with an active membership and hands back its row where the actor may read that
 * institution; 404 otherwise (no membership, unknown id, or outside the actor's scope — alike, so nothing leaks).
 */
export async function readableSettings<R extends InstitutionRef>(
  actor: Actor,
  read: () => Promise<R | undefined>,
): Promise<R> {
  if (scopeRoot(actor) === null) throw notFound();
  const row = await read();
  if (!row || !allow(actor, 'institution.read', row)) throw notFound();
  return row;
}

/**
 * Sets one switch of an institution, upserting its settings row, with the audit entry in the same transaction.
 * Nothing is written (and nothing audited) when the switch already has that value. The caller checks the
 * permission first.
 */
export async function writeSwitch(
  deps: AppDeps,
  actor: Actor,
  origin: AuditOrigin,
  change: { institutionId: number; key: Switch; before: boolean; after: boolean; action: string },
) {
  const { institutionId, key, before, after, action } = change;
  if (before === after) return;
  const set = { [key]: after, updatedAt: origin.at, updatedBy: actor.personId };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('institutionSettings')
      .values({ institutionId, ...set })
      .onConflict((oc) => oc.column('institutionId').doUpdateSet(set))
      .execute();
    await recordAudit(trx, origin, {
      institutionId,
      action,
      subjectType: 'institution',
      subjectId: institutionId,
      before: { [key]: before },
      after: { [key]: after },
    });
  });
}
