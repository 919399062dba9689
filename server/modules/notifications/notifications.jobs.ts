import type { AppDeps } from '../../deps.js';
import type { Job } from '../../lib/scheduler.js';
import { runDue } from './deliver.js';

/**
 * The delivery worker: polls the queue every second (a query on a partial index of due rows; unref'd timer, see
 * lib/scheduler.ts). Each process of a deployment runs it; `FOR UPDATE SKIP LOCKED` keeps them off each other's rows.
 */
export const POLL_MS = 1000;

export const notificationJobs = (deps: AppDeps): Job[] => [
  { name: 'deliver-notifications', everyMs: POLL_MS, run: (signal) => runDue(deps, signal) },
];
