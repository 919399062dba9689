import webpush from 'web-push';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';

/**
 * Web push (RFC 8030 delivery, RFC 8291 aes128gcm encryption, RFC 8292 VAPID) to the devices a person subscribed.
 * The `web-push` package builds the encrypted request; it is sent with fetch rather than by the package (which
 * speaks https only), so a test can play the push service on a plain local HTTP server.
 */
export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const cached = new WeakMap<Database, Vapid>();

/** Push services accept https: or mailto: only: PUBLIC_URL when it is https, else the sender address. */
function defaultSubject(config: AppDeps['config']) {
  if (config.PUBLIC_URL.startsWith('https://')) return config.PUBLIC_URL;
  const address = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM;
  return `mailto:${address.trim()}`;
}

/** VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when both are set, else the pair migration 0023 stored in the database. */
export async function vapidOf(deps: Pick<AppDeps, 'db' | 'config'>): Promise<Vapid> {
  const subject = deps.config.VAPID_SUBJECT ?? defaultSubject(deps.config);
  if (deps.config.VAPID_PUBLIC_KEY && deps.config.VAPID_PRIVATE_KEY) {
    return { publicKey: deps.config.VAPID_PUBLIC_KEY, privateKey: deps.config.VAPID_PRIVATE_KEY, subject };
  }
  const hit = cached.get(deps.db);
  if (hit) return hit;
  const row = await deps.db
    .selectFrom('pushVapid')
    .where('id', '=', 1)
    .select(['publicKey', 'privateKey'])
    .executeTakeFirstOrThrow();
  const vapid = { ...row, subject };
  cached.set(deps.db, vapid);
  return vapid;
}

/** What a push shows: no more than the in-app notification holds (its sentence, its kind, where it leads). */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  /** Same tag: the device replaces the older one (a merged burst shows once). */
  tag: string;
}

export interface PushTarget {
  id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** A day: a phone that is off overnight still gets the evening's mark in the morning; older is stale. */
const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 10_000;

/** Sends one encrypted message; returns the push service's status (201 on success; 404/410: subscription gone). */
export async function sendPush(vapid: Vapid, target: PushTarget, message: PushMessage): Promise<number> {
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(message),
    {
      vapidDetails: vapid,
      TTL: TTL_SECONDS,
      contentEncoding: 'aes128gcm',
      urgency: 'normal',
      topic: message.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) || undefined,
    },
  );
  const response = await fetch(details.endpoint, {
    method: details.method,
    headers: details.headers as Record<string, string>,
    body: details.body ? new Uint8Array(details.body) : undefined,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

// ── Subscriptions ───────────────────────────────────────────────────────────────────────────────────────────
/** Subscriptions failing this many sends in a row (without a 404/410) are dropped. */
const MAX_FAILURES = 10;

export async function subscribe(
  db: Database,
  personId: number,
  s: { endpoint: string; p256dh: string; auth: string; userAgent: string | null },
  now: Date,
) {
  // One row per endpoint: a browser subscribed by another person before (a shared computer) now belongs to this one.
  await db
    .insertInto('pushSubscriptions')
    .values({ personId, ...s, createdAt: now })
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        personId,
        p256dh: s.p256dh,
        auth: s.auth,
        userAgent: s.userAgent,
        createdAt: now,
        failureCount: 0,
      }),
    )
    .execute();
  return devicesOf(db, personId);
}

export async function unsubscribe(db: Database, personId: number, endpoint: string) {
  const r = await db
    .deleteFrom('pushSubscriptions')
    .where('personId', '=', personId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function devicesOf(db: Database, personId: number) {
  const r = await db
    .selectFrom('pushSubscriptions')
    .where('personId', '=', personId)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The people among `personIds` with at least one device. */
export async function pushablePeople(db: Database, personIds: number[]) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('pushSubscriptions')
    .where('personId', 'in', personIds)
    .select('personId')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.personId));
}

/**
 * Sends `message` to every device of the person; 404/410 deletes the subscription, other failures count towards
 * MAX_FAILURES. Returns how many devices accepted it.
 */
export async function pushToPerson(deps: AppDeps, personId: number, message: PushMessage, now: Date) {
  const targets = await deps.db
    .selectFrom('pushSubscriptions')
    .where('personId', '=', personId)
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .orderBy('id')
    .execute();
  if (targets.length === 0) return 0;
  const vapid = await vapidOf(deps);
  let sent = 0;
  for (const target of targets) {
    let status = 0;
    try {
      status = await sendPush(vapid, target, message);
    } catch {
      status = 0; // network error or timeout: counted as a failure
    }
    if (status >= 200 && status < 300) {
      sent++;
      await deps.db
        .updateTable('pushSubscriptions')
        .set({ lastSuccessAt: now, failureCount: 0 })
        .where('id', '=', target.id)
        .execute();
    } else if (status === 404 || status === 410) {
      await deps.db.deleteFrom('pushSubscriptions').where('id', '=', target.id).execute();
    } else {
      await deps.db
        .updateTable('pushSubscriptions')
        .set((eb) => ({ failureCount: eb('failureCount', '+', 1) }))
        .where('id', '=', target.id)
        .execute();
      await deps.db
        .deleteFrom('pushSubscriptions')
        .where('id', '=', target.id)
        .where('failureCount', '>=', MAX_FAILURES)
        .execute();
    }
  }
  return sent;
}
