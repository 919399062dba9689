import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Job } from '../../lib/scheduler.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { endLapsedSessions } from './access.repository.js';
import { purgeDeletedProfiles } from './purge.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Ends the sessions still acting through a membership whose (later) end date has come. Two processes running
 * it at once are harmless: the UPDATE only takes sessions not ended yet, so each one ends (and is audited) once.
 */
export async function endLapsedAccess(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const ended = await endLapsedSessions(trx, now, localDate(now));
    const byMembership = new Map<number, { institutionId: number; personId: number; count: number }>();
    for (const s of ended) {
      const entry = byMembership.get(s.membershipId);
      if (entry) entry.count++;
      else
        byMembership.set(s.membershipId, { institutionId: s.membershipInstitutionId, personId: s.personId, count: 1 });
    }
    const system: AuditOrigin = { actorPersonId: null, actorMembershipId: null, ip: null, userAgent: null, at: now };
    await recordAudit(
      trx,
      system,
      [...byMembership].map(([membershipId, e]) => ({
        institutionId: e.institutionId,
        action: 'membership.sessionsEnded',
        subjectType: 'person',
        subjectId: e.personId,
        after: { membershipId, sessionsEnded: e.count },
      })),
    );
    return { sessionsEnded: ended.length };
  });
}

/** The periodic jobs of ending access and deletion; the app runs them when built with `jobs: true`. */
export function deletionJobs(deps: AppDeps): Job[] {
  return [
    { name: 'purge-deleted-profiles', everyMs: HOUR_MS, run: (signal) => purgeDeletedProfiles(deps, signal) },
    { name: 'end-lapsed-sessions', everyMs: HOUR_MS, run: () => endLapsedAccess(deps) },
  ];
}
