/** Kysely types of the shared rate-limit counters (migration 0018; import_jobs' new columns are in school.ts). */
export interface RateLimitCountersTable {
  /** The limiter's key: route + caller (session hash or address), as @fastify/rate-limit builds it. */
  key: string;
  windowMs: number;
  hits: number;
  expiresAt: Date;
}

export interface ScaleOutTables {
  rateLimitCounters: RateLimitCountersTable;
}
