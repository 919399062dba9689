import type { RecoverySetting } from '@common/schemas/passwords.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { allow, scopeRoot } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';

/**
 * The per-institution switch for self-service password recovery (agreement 4.18). Default on; an administrator
 * of the institution (or of an authority above it) may switch it off. Off anywhere on a membership's path means
 * off for that person (see recoveryAllowedFor): a district can switch it off for all its schools.
 */
async function load(deps: AppDeps, actor: Actor, id: number) {
  const root = scopeRoot(actor);
  if (root === null) throw notFound();
  const row = await deps.db
    .selectFrom('institutions as i')
    .leftJoin('institutionSettings as s', 's.institutionId', 'i.id')
    .where('i.id', '=', id)
    .select((eb) => [
      'i.id',
      'i.ancestors',
      eb.fn.coalesce('s.selfServiceRecovery', sql<boolean>`true`).as('selfServiceRecovery'),
      eb
        .not(
          eb.exists(
            eb
              .selectFrom('institutionSettings as up')
              .where('up.selfServiceRecovery', '=', false)
              .where((w) => w('up.institutionId', '=', w.fn.any('i.ancestors')))
              .select('up.institutionId'),
          ),
        )
        .as('effective'),
    ])
    .executeTakeFirst();
  if (!row || !allow(actor, 'institution.read', row)) throw notFound();
  return row;
}

const present = (actor: Actor, row: Awaited<ReturnType<typeof load>>): RecoverySetting => ({
  institutionId: row.id,
  selfServiceRecovery: row.selfServiceRecovery,
  effective: row.effective === true,
  canChange: allow(actor, 'institution.settings', row),
});

export async function getRecoverySetting(deps: AppDeps, actor: Actor, id: number) {
  return present(actor, await load(deps, actor, id));
}

export async function setRecoverySetting(
  deps: AppDeps,
  actor: Actor,
  id: number,
  selfServiceRecovery: boolean,
  origin: AuditOrigin,
) {
  const row = await load(deps, actor, id);
  if (!allow(actor, 'institution.settings', row)) throw forbidden();
  if (row.selfServiceRecovery !== selfServiceRecovery) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('institutionSettings')
        .values({ institutionId: id, selfServiceRecovery, updatedAt: origin.at, updatedBy: actor.personId })
        .onConflict((oc) =>
          oc
            .column('institutionId')
            .doUpdateSet({ selfServiceRecovery, updatedAt: origin.at, updatedBy: actor.personId }),
        )
        .execute();
      await recordAudit(trx, origin, {
        institutionId: id,
        action: 'institution.recoverySettingChanged',
        subjectType: 'institution',
        subjectId: id,
        before: { selfServiceRecovery: row.selfServiceRecovery },
        after: { selfServiceRecovery },
      });
    });
  }
  return present(actor, await load(deps, actor, id));
}
