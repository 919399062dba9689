import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';

/**
 * One-click unsubscribe links (RFC 8058): `<personId>.<kind>.<HMAC>`, signed with the database's own random key
 * (notification_secret, migration 0020), so every process and every restart accepts them and nobody can forge one
 * for another person. They do not expire: an unsubscribe link in an old e-mail must still work.
 */
const keys = new WeakMap<Database, Promise<string>>();
function keyOf(db: Database) {
  let k = keys.get(db);
  if (!k) {
    k = db
      .selectFrom('notificationSecret')
      .where('id', '=', 1)
      .select('key')
      .executeTakeFirstOrThrow()
      .then((r) => r.key);
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

const mac = (key: string, personId: number, kind: string) =>
  createHmac('sha256', key).update(`unsubscribe:${personId}:${kind}`).digest('base64url').slice(0, 32);

export async function unsubscribeToken(db: Database, personId: number, kind: NotificationKind) {
  return `${personId}.${kind}.${mac(await keyOf(db), personId, kind)}`;
}

/** The person and kind a token stands for, or null when it is not one of ours. */
export async function readUnsubscribeToken(
  db: Database,
  token: string,
): Promise<{ personId: number; kind: NotificationKind } | null> {
  const [id, kind, sig] = token.split('.');
  const personId = Number(id);
  if (!Number.isSafeInteger(personId) || personId <= 0 || !sig) return null;
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind ?? '')) return null;
  const expected = Buffer.from(mac(await keyOf(db), personId, kind!));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { personId, kind: kind as NotificationKind };
}
