import type { AppDeps } from '../../deps.js';
import type { Job } from '../../lib/scheduler.js';
import { eraseExpiredSlips } from './apply.state.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Sealed credential slips are erased once their SLIP_HOURS are over, also for jobs nobody opens again (a read
 * erases them on the way too). Idempotent: any process may run it.
 */
export function importJobs(deps: Pick<AppDeps, 'db' | 'clock'>): Job[] {
  return [
    {
      name: 'erase-expired-slips',
      everyMs: HOUR_MS,
      run: async () => ({ erased: await eraseExpiredSlips(deps.db, deps.clock.now()) }),
    },
  ];
}
