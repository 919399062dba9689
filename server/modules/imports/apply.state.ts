import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { IssuedCredential, Progress } from './runtime.js';

/**
 * What a running apply shares with every other server process through its import_jobs row (migration 0018), so
 * a poll that a load balancer sends to another process — or another machine — sees what the applying one sees:
 * - progress + progress_at: written at most once a second by the applying process (also its heartbeat);
 * - a job 'applying' whose heartbeat is older than STALE_MS has lost its process (a crash, a kill -9) and is
 *   failed as interrupted by whichever process looks at it next;
 * - slips: the new accounts' temporary passwords, AES-256-GCM encrypted with a key derived (HKDF) from the
 *   applying administrator's session token. The database holds only the token's SHA-256, so the passwords are
 *   unreadable from the database alone; any process the same browser session reaches can decrypt them.
 */
export const HEARTBEAT_MS = 1_000;

/**
 * Whether other processes may share the database: PostgreSQL (DATABASE_URL) may have several; the embedded
 * database has exactly one (WORKERS > 1 is refused without DATABASE_URL).
 */
export const sharedDatabase = (config: Pick<Config, 'DATABASE_URL'>) => config.DATABASE_URL !== undefined;
export const STALE_MS = 60_000;

/** Writes the progress (and the heartbeat) — only while the job is still applying (a late write is a no-op). */
export async function saveProgress(db: Database, schoolId: number, jobId: number, progress: Progress, at: Date) {
  await db
    .updateTable('importJobs')
    .set({ progress: JSON.stringify(progress), progressAt: at })
    .where('schoolId', '=', schoolId)
    .where('id', '=', jobId)
    .where('status', '=', 'applying')
    .execute();
}

/** The stored progress of an applying job (another process's). */
export async function storedProgress(db: Database, schoolId: number, jobId: number): Promise<Progress | null> {
  const row = await db
    .selectFrom('importJobs')
    .where('schoolId', '=', schoolId)
    .where('id', '=', jobId)
    .where('status', '=', 'applying')
    .select('progress')
    .executeTakeFirst();
  return (row?.progress as Progress | null | undefined) ?? null;
}

/**
 * Fails the school's applying jobs that no process runs any more. `onlyStale`: several processes may share
 * the database, so only a job whose heartbeat stopped counts; one process (the embedded database) knows that
 * anything applying which it does not run itself is lost (`except` lists the jobs it runs).
 */
export async function failLostJobs(
  db: Database,
  at: Date,
  opts: { schoolId?: number; onlyStale: boolean; except?: number[] },
) {
  await db
    .updateTable('importJobs')
    .set({ status: 'failed', error: 'imports.interrupted', finishedAt: at, updatedAt: at, progress: null })
    .where('status', '=', 'applying')
    .$if(opts.schoolId !== undefined, (q) => q.where('schoolId', '=', opts.schoolId!))
    .$if(opts.onlyStale, (q) =>
      q.where((eb) => eb.or([eb('progressAt', 'is', null), eb('progressAt', '<', new Date(at.getTime() - STALE_MS))])),
    )
    .$if((opts.except?.length ?? 0) > 0, (q) => q.where('id', 'not in', opts.except!))
    .execute();
}

// ── Slips ──────────────────────────────────────────────────────────────────────────────────────────────────

function slipKey(sessionToken: string, schoolId: number, jobId: number) {
  return Buffer.from(hkdfSync('sha256', sessionToken, 'dapter import slips', `${schoolId}:${jobId}`, 32));
}

export function sealSlips(sessionToken: string, schoolId: number, jobId: number, items: IssuedCredential[]) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', slipKey(sessionToken, schoolId, jobId), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(items), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

/** The passwords, or null when this session did not seal them (another administrator, a new sign-in). */
export function openSlips(sessionToken: string, schoolId: number, jobId: number, sealed: string) {
  try {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', slipKey(sessionToken, schoolId, jobId), iv!);
    decipher.setAuthTag(tag!);
    const json = Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
    return JSON.parse(json) as IssuedCredential[];
  } catch {
    return null;
  }
}

export async function saveSlips(db: Database, schoolId: number, jobId: number, sealed: string, expiresAt: Date) {
  await db
    .updateTable('importJobs')
    .set({ slips: sealed, slipsExpireAt: expiresAt })
    .where('schoolId', '=', schoolId)
    .where('id', '=', jobId)
    .execute();
}

/** The job's sealed slips while they may still be printed; expired ones are erased on the way. */
export async function sealedSlips(db: Database, schoolId: number, jobId: number, now: Date) {
  const row = await db
    .selectFrom('importJobs')
    .where('schoolId', '=', schoolId)
    .where('id', '=', jobId)
    .where('slips', 'is not', null)
    .select(['slips', 'slipsExpireAt'])
    .executeTakeFirst();
  if (!row?.slips || !row.slipsExpireAt) return null;
  if (row.slipsExpireAt <= now) {
    await eraseExpiredSlips(db, now, schoolId);
    return null;
  }
  return { sealed: row.slips, expiresAt: row.slipsExpireAt };
}

/** Erases sealed slips past their expiry (all schools, or one); returns how many jobs had some. */
export async function eraseExpiredSlips(db: Database, now: Date, schoolId?: number) {
  const result = await db
    .updateTable('importJobs')
    .set({ slips: null, slipsExpireAt: null })
    .where('slipsExpireAt', '<=', now)
    .$if(schoolId !== undefined, (q) => q.where('schoolId', '=', schoolId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
