import type { DateStr, Timestamp } from '../schema.js';

/** Kysely types of the shared rate-limit counters (migration 0018; import_jobs' new columns are in school.ts). */
export interface RateLimitCountersTable {
  /** The limiter's key: route + caller (session hash or address), as @fastify/rate-limit builds it. */
  key: string;
  windowMs: number;
  hits: number;
  expiresAt: Date;
}

/**
 * A school's part of the statistics report for one period kind and ordinal (migration 0026): anonymous sums only,
 * as of a date, reused while younger than STATISTICS_MAX_AGE_MINUTES (statistics.snapshots.ts).
 */
export interface StatisticsSnapshotsTable {
  schoolId: number;
  periodKind: string;
  periodNumber: number;
  asOf: DateStr;
  computedAt: Timestamp;
  input: unknown;
}

export interface ScaleOutTables {
  rateLimitCounters: RateLimitCountersTable;
  statisticsSnapshots: StatisticsSnapshotsTable;
}
