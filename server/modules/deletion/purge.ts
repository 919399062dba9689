import type { AppDeps } from '../../deps.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import {
  anonymise,
  deletePersonalRows,
  dueForPurge,
  membershipInstitutions,
  redactAudit,
  tryPurgeLock,
} from './purge.repository.js';

/**
 * When a deleted profile's personal data goes: `months` calendar months after the deletion (agreement 4.12:
 * processed for three months after the profile is deleted). Computed in UTC, exactly like the due query.
 */
export function purgeDueAt(deletedAt: Date, months: number): Date {
  const d = new Date(deletedAt);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

const BATCH = 200;

export interface PurgeResult extends Record<string, number | boolean> {
  purged: number;
  /** Another process holds the purge lock: it does the work. */
  skipped: boolean;
}

/**
 * The purge job: irreversibly anonymises every profile deleted PURGE_AFTER_MONTHS ago or earlier and not yet
 * purged (what that means per table: purge.repository.ts).
 *
 * - State lives in the database only ("deleted_at old enough and purged_at null"), so a restart — or a server
 *   that was off on the due day — simply finds the rows on its next run.
 * - Idempotent: a purged person is never selected again; running twice changes nothing the second time.
 * - Safe with several processes: each batch is one transaction that first takes a transaction-level advisory
 *   lock; whoever does not get it stops (the holder is doing the work). Rows are also locked FOR UPDATE.
 * - Batches of BATCH persons, each all-or-nothing; between batches it stops when asked to (shutdown).
 */
export async function purgeDeletedProfiles(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  signal?: AbortSignal,
): Promise<PurgeResult> {
  let purged = 0;
  for (;;) {
    const batch = await deps.db.transaction().execute(async (trx) => {
      if (!(await tryPurgeLock(trx))) return null;
      const now = deps.clock.now();
      const ids = await dueForPurge(trx, now, deps.config.PURGE_AFTER_MONTHS, BATCH);
      if (ids.length === 0) return ids;
      const places = await membershipInstitutions(trx, ids);
      const institutionIds = [...new Set(places.map((p) => p.institutionId))];
      await anonymise(trx, ids, now);
      await deletePersonalRows(trx, ids, institutionIds);
      await redactAudit(trx, ids, institutionIds);
      const system: AuditOrigin = { actorPersonId: null, actorMembershipId: null, ip: null, userAgent: null, at: now };
      await recordAudit(
        trx,
        system,
        places.map((p) => ({
          institutionId: p.institutionId,
          action: 'person.purged',
          subjectType: 'person',
          subjectId: p.personId,
          after: { afterMonths: deps.config.PURGE_AFTER_MONTHS },
        })),
      );
      return ids;
    });
    if (batch === null) return { purged, skipped: true };
    purged += batch.length;
    if (batch.length < BATCH || signal?.aborted) return { purged, skipped: false };
  }
}
