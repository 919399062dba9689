import type { RecoverySetting } from '@common/schemas/passwords.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../errors.js';
import { allow } from '../../policies/index.js';
import type { AuditOrigin } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { institutionWithSettings, readableSettings, writeSwitch } from '../institutions/institution-settings.js';

/**
 * The per-institution switch for self-service password recovery (agreement 4.18). Default on; an administrator
 * of the institution (or of an authority above it) may switch it off. Off anywhere on a membership's path means
 * off for that person (see recoveryAllowedFor): a district can switch it off for all its schools.
 */
function load(deps: AppDeps, actor: Actor, id: number) {
  return readableSettings(actor, () =>
    institutionWithSettings(deps, id)
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
      .executeTakeFirst(),
  );
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
  await writeSwitch(deps, actor, origin, {
    institutionId: id,
    key: 'selfServiceRecovery',
    before: row.selfServiceRecovery,
    after: selfServiceRecovery,
    action: 'institution.recoverySettingChanged',
  });
  return present(actor, await load(deps, actor, id));
}
