import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Everything the server can be told from outside is declared here,
 * validated once at start-up; a bad value stops the process with a message naming the variable.
 */
const ZConfig = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
    /**
     * Named prepared statements on PostgreSQL (server/db/prepared-pool.ts). 'false' for a pooler that cannot
     * carry them (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
     */
    DATABASE_PREPARED_STATEMENTS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** A streaming replica for reports and statistics (read-only, may lag a little); unset → the primary. */
    DATABASE_REPLICA_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /** Server processes on this machine (node:cluster), all on PORT; more than one needs DATABASE_URL. */
    WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    /** Redis for the rate-limit counters (needs the ioredis package). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /**
     * Where rate-limit counters live. auto: Redis when REDIS_URL is set, else the database when DATABASE_URL is
     * set (shared by every process), else the process's memory (the embedded database is one process anyway).
     */
    RATE_LIMIT_STORE: z.enum(['auto', 'memory', 'database', 'redis']).default('auto'),
    DATA_DIR: z.string().min(1).default('./data'),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Dapter <no-reply@dapter.local>'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 14),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /** Requests per API token (bearer / Access-Token) per minute, reads included; over it → 429 with Retry-After. */
    RATE_LIMIT_API_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Lifetime of an API access token (issue 8 §1); the app renews it with its refresh token. */
    API_ACCESS_TOKEN_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(30 * 24 * 60)
      .default(24 * 60),
    /** Lifetime of an API refresh token; each refresh issues a new one. */
    API_REFRESH_TOKEN_DAYS: z.coerce.number().int().min(1).max(365).default(60),
    /**
     * How old a school's part of the authorities' statistics may be before a report recomputes it (issue 6 §3;
     * statistics.snapshots.ts); 0 computes every report live.
     */
    STATISTICS_MAX_AGE_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(10),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    // Password and account policy (user agreement 1.9, 4.5, 4.17, 3.7); the defaults are the agreement's.
    /** Days a password lives before sign-in forces a change; 0 turns rotation off (NIST 800-63B). */
    PASSWORD_MAX_AGE_DAYS: z.coerce.number().min(0).max(3650).default(90),
    /** How many previous passwords may not be reused. */
    PASSWORD_HISTORY: z.coerce.number().int().min(0).max(24).default(5),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
    /** Days a temporary (administrator-issued) password works before it has to be re-issued. */
    TEMP_CREDENTIALS_DAYS: z.coerce.number().positive().max(365).default(30),
    /** Months after deletion when a profile's personal data is purged. */
    PURGE_AFTER_MONTHS: z.coerce.number().int().min(1).max(120).default(3),
    /** Failed sign-ins (per account, per address) before each further attempt waits; the wait doubles. */
    SIGNIN_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    SIGNIN_MAX_DELAY_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** The largest file an import accepts (CSV, XLSX, OneRoster zip); a larger upload is refused with 413. */
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** The largest file a homework attachment may be; a larger upload is refused with 413. */
    HOMEWORK_FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** How many files one lesson's homework may carry. */
    HOMEWORK_MAX_FILES: z.coerce.number().int().min(1).max(50).default(5),
    /**
     * Notification e-mails wait this long, so a burst of saves (a teacher entering marks cell by cell) goes out as
     * one message; in-app notifications are immediate and merge the burst as it comes. Tests set 0.
     */
    NOTIFY_DEBOUNCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /**
     * Web push (VAPID, RFC 8292). Unset: a key pair generated once in the database (migration 0023) is used; set
     * both keys (base64url, as `npx web-push generate-vapid-keys` prints them) to keep one pair across databases.
     * The subject is the contact push services may use (mailto: or https:); default: PUBLIC_URL when https, else
     * mailto:MAIL_FROM's address.
     */
    VAPID_PUBLIC_KEY: z.string().min(20).optional(),
    VAPID_PRIVATE_KEY: z.string().min(20).optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)/)
      .optional(),
    TRUST_PROXY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine((c, ctx) => {
    if (c.WORKERS > 1 && !c.DATABASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['WORKERS'],
        message: 'more than one worker needs PostgreSQL (set DATABASE_URL): the embedded database serves one process',
      });
    if (c.RATE_LIMIT_STORE === 'redis' && !c.REDIS_URL)
      ctx.addIssue({ code: 'custom', path: ['RATE_LIMIT_STORE'], message: "'redis' needs REDIS_URL" });
    if (c.DATABASE_REPLICA_URL && !c.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_REPLICA_URL'], message: 'needs DATABASE_URL (the primary)' });
  })
  .transform((c) => ({
    ...c,
    rateLimitStore:
      c.RATE_LIMIT_STORE !== 'auto'
        ? c.RATE_LIMIT_STORE
        : c.REDIS_URL
          ? ('redis' as const)
          : c.DATABASE_URL
            ? ('database' as const)
            : ('memory' as const),
    DATA_DIR: resolve(c.DATA_DIR),
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    secureCookies: (c.PUBLIC_URL ?? '').startsWith('https://'),
  }));

export type Config = z.output<typeof ZConfig>;

export class ConfigError extends Error {}

/** Parses an environment (process.env by default); throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZConfig.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
