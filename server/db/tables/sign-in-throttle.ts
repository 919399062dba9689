/** Kysely types of the sign-in back-off (migration 0006). */
export interface SignInThrottleTable {
  /** 'ip': a client address (IPv6 by its /64); 'name': a username without an account (SHA-256 of it). */
  scope: 'ip' | 'name';
  key: string;
  failures: number;
  blockedUntil: Date | null;
  lastFailureAt: Date;
}

export interface SignInThrottleTables {
  signInThrottle: SignInThrottleTable;
}
