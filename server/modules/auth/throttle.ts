import { isIPv6 } from 'node:net';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../lib/tokens.js';

/**
 * Back-off on failed sign-ins (user agreement 4.17; NIST 800-63B 5.2.2; ASVS 6.1.1, 6.3.8). No permanent
 * lock-out: the first SIGNIN_FREE_FAILURES failures cost nothing; the failure that reaches the limit and every
 * one after it makes the next attempt wait 30 s, 1 min, 2 min, 4 min … up to SIGNIN_MAX_DELAY_MINUTES.
 * While a wait runs, sign-in answers 429 with Retry-After *before* the password is looked at.
 *
 * Two counters judge every attempt, and the longer wait wins:
 * - the **name**: a real account counts on `accounts`; a username without an account counts in a
 *   `sign_in_throttle` row of its own (its SHA-256). Both follow exactly the same rules, so whether a name
 *   exists cannot be learnt from when, or how, the answers change — not even by an attacker who rotates
 *   addresses (if only addresses counted for unknown names, a botnet would see real accounts slow down and
 *   invented ones never do);
 * - the **address** (IPv6 by its /64, which one subscriber gets whole): slows one machine trying many names.
 *
 * An attempt is counted *before* the password check, and the count is only taken back by a success. So a
 * burst of parallel guesses cannot slip through between reading the counter and writing it: at most the free
 * attempts run at once, then one per wait.
 *
 * A success forgets the account's failures and those of the address it came from (NIST: disregard earlier
 * failures from that address). A school or a mobile operator puts many people behind one address, and their
 * successes keep a classroom of typos from blocking itself; the price is that a user with a working account
 * can reset their own address's counter between guesses — the per-name back-off still holds for every name
 * guessed, and RATE_LIMIT_SIGNIN_PER_MINUTE caps any address. Failures are also forgotten 12 hours after the
 * last one (Keycloak's default failure reset time), so an old run of typos does not make the next one wait.
 *
 * What stays observable is inherent to any back-off: a successful sign-in by the real owner resets a real
 * account's counter, which an invented name never gets.
 */

export type BackoffPolicy = Pick<Config, 'SIGNIN_FREE_FAILURES' | 'SIGNIN_MAX_DELAY_MINUTES'>;

export interface Counter {
  failures: number;
  blockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export const FIRST_DELAY_MS = 30_000;
export const FORGET_AFTER_MS = 12 * 3_600_000;

/** The wait a run of `failures` consecutive failures imposes on the next attempt. */
export function delayAfter(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.SIGNIN_FREE_FAILURES) return 0;
  const doublings = Math.min(failures - policy.SIGNIN_FREE_FAILURES, 30);
  return Math.min(FIRST_DELAY_MS * 2 ** doublings, policy.SIGNIN_MAX_DELAY_MINUTES * 60_000);
}

/** Milliseconds until the counter lets another attempt through (0: now). */
export function waitMs(counter: Counter | undefined, now: Date): number {
  const until = counter?.blockedUntil ? new Date(counter.blockedUntil).getTime() : 0;
  return Math.max(0, until - now.getTime());
}

/** Failures still remembered: none once 12 h have passed since the last one and no wait is running. */
export function remembered(counter: Counter | undefined, now: Date): number {
  if (!counter || counter.failures <= 0) return 0;
  const last = counter.lastFailureAt ? new Date(counter.lastFailureAt).getTime() : 0;
  return now.getTime() - last >= FORGET_AFTER_MS && waitMs(counter, now) === 0 ? 0 : counter.failures;
}

/** The counter after one more attempt that has not (yet) succeeded. */
export function charge(counter: Counter | undefined, now: Date, policy: BackoffPolicy): Counter {
  const failures = remembered(counter, now) + 1;
  const delay = delayAfter(failures, policy);
  return { failures, lastFailureAt: now, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

/**
 * What identifies a client address for the back-off: IPv4 as it is (also when IPv4-mapped), IPv6 by its
 * /64 prefix, since a single subscriber is handed a whole /64 and could otherwise rotate freely within it.
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip.slice(0, 100);
  const withoutV4 = ip.replace(/(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, (_m, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  const [head = '', tail] = withoutV4.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const prefix = groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

export interface SignInAttempt {
  ip: string | null;
  /** As typed (already trimmed and lower-cased by the schema). */
  username: string;
  /** The account's person when the name belongs to a live account; null otherwise. */
  personId: number | null;
}

const throttled = (ms: number) => new AppError(429, 'throttle.wait', { seconds: Math.max(1, Math.ceil(ms / 1000)) });

async function lockRow(trx: Database, scope: 'ip' | 'name', key: string, now: Date): Promise<Counter> {
  // One statement that creates or locks the row and returns it: an insert-then-select could find nothing when a
  // concurrent success deleted the row in between (parallel sign-ins from one school's address).
  return trx
    .insertInto('signInThrottle')
    .values({ scope, key, failures: 0, blockedUntil: null, lastFailureAt: now })
    .onConflict((oc) =>
      oc.columns(['scope', 'key']).doUpdateSet((eb) => ({ failures: eb.ref('signInThrottle.failures') })),
    )
    .returning(['failures', 'blockedUntil', 'lastFailureAt'])
    .executeTakeFirstOrThrow();
}

async function saveRow(trx: Database, scope: 'ip' | 'name', key: string, counter: Counter) {
  await trx
    .updateTable('signInThrottle')
    .set({ failures: counter.failures, blockedUntil: counter.blockedUntil, lastFailureAt: counter.lastFailureAt! })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

/**
 * Counts an attempt against its address and its name before the password is checked. Throws 429
 * (errors:throttle.wait, Retry-After) without counting anything when either is still waiting. Returns the
 * name's counter as it now stands (for the audit of a failure).
 */
export async function reserveSignInAttempt(
  db: Database,
  policy: BackoffPolicy,
  attempt: SignInAttempt,
  now: Date,
): Promise<Counter> {
  const ipKey = addressKey(attempt.ip);
  const nameKey = sha256(attempt.username);
  return db.transaction().execute(async (trx) => {
    // Always address first, then name: concurrent attempts take their locks in the same order.
    const byAddress = await lockRow(trx, 'ip', ipKey, now);
    const account =
      attempt.personId === null
        ? undefined
        : await trx
            .selectFrom('accounts')
            .where('personId', '=', attempt.personId)
            .select([
              'failedSignIns as failures',
              'signInBlockedUntil as blockedUntil',
              'lastFailedSignInAt as lastFailureAt',
            ])
            .forUpdate()
            .executeTakeFirst();
    const byName: Counter = account ?? (await lockRow(trx, 'name', nameKey, now));

    const wait = Math.max(waitMs(byAddress, now), waitMs(byName, now));
    if (wait > 0) throw throttled(wait); // rolls back: a refused attempt is not counted

    await saveRow(trx, 'ip', ipKey, charge(byAddress, now, policy));
    const name = charge(byName, now, policy);
    if (account && attempt.personId !== null) {
      await trx
        .updateTable('accounts')
        .set({
          failedSignIns: name.failures,
          signInBlockedUntil: name.blockedUntil,
          lastFailedSignInAt: name.lastFailureAt,
        })
        .where('personId', '=', attempt.personId)
        .execute();
    } else await saveRow(trx, 'name', nameKey, name);
    return name;
  });
}

/**
 * A successful sign-in takes back its own attempt and forgets the account's failures and its address's.
 * Runs in the caller's transaction (the one that opens the session).
 */
export async function forgiveSignInFailures(trx: Database, attempt: { ip: string | null; personId: number }) {
  await trx
    .updateTable('accounts')
    .set({ failedSignIns: 0, signInBlockedUntil: null, lastFailedSignInAt: null })
    .where('personId', '=', attempt.personId)
    .execute();
  await trx.deleteFrom('signInThrottle').where('scope', '=', 'ip').where('key', '=', addressKey(attempt.ip)).execute();
}

/** Deletes rows whose failures are forgotten anyway (same rule as `remembered`), so the table stays small. */
export async function pruneSignInThrottle(db: Database, now: Date) {
  await db
    .deleteFrom('signInThrottle')
    .where('lastFailureAt', '<=', new Date(now.getTime() - FORGET_AFTER_MS))
    .where((eb) => eb.or([eb('blockedUntil', 'is', null), eb('blockedUntil', '<=', now)]))
    .execute();
}
