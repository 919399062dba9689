import {
  type KindSetting,
  type KindSettingUpdate,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationSettings,
  type NotificationSettingsUpdate,
} from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';

/**
 * Per-person notification settings. Nothing is stored until a person changes something: the defaults live here.
 * Why these defaults: marks, absences, term grades and account events are what parents ask to hear about, so they
 * come by e-mail too (once an address is confirmed), and so does a change to today's or tomorrow's lessons; homework is daily and would flood a mailbox, so it stays in the
 * app; the newsletter (agreement 4.16) is an e-mail only and on once an address is confirmed.
 * Push reaches only the devices a person turned it on in (the settings page asks the browser first), so asking
 * is the opt-in: then everything that comes to the bell comes as a push too — a parent who enabled it on the phone
 * wants the mark, the absence and tomorrow's homework there. The newsletter never comes as a push.
 */
export const DEFAULT_SETTINGS: Record<NotificationKind, Omit<KindSetting, 'kind'>> = {
  mark: { inApp: true, email: true, digest: false, push: true },
  attendance: { inApp: true, email: true, digest: false, push: true },
  homework: { inApp: true, email: false, digest: false, push: true },
  timetable: { inApp: true, email: true, digest: false, push: true },
  termGrade: { inApp: true, email: true, digest: false, push: true },
  security: { inApp: true, email: true, digest: false, push: true },
  newsletter: { inApp: false, email: true, digest: false, push: false },
};

/** Quiet hours nobody chose (Kazakhstan time): nights stay quiet. */
export const DEFAULT_QUIET = { from: '22:00', to: '07:00' };
/** When the daily digest leaves (Kazakhstan time): after the school day, before the evening homework. */
export const DIGEST_AT = '18:00';

export type QuietHours = { from: string; to: string } | null;

export interface PersonSettings {
  kinds: Map<NotificationKind, Omit<KindSetting, 'kind'>>;
  quiet: QuietHours;
}

/** Settings that cannot be turned off: a person always sees what happened to their own account in the app. */
function enforce(kind: NotificationKind, s: Omit<KindSetting, 'kind'>): Omit<KindSetting, 'kind'> {
  if (kind === 'security') return { ...s, inApp: true };
  if (kind === 'newsletter') return { ...s, inApp: false, push: false };
  return s;
}

const hm = (t: string) => t.slice(0, 5);

function enforceUpdate(k: KindSettingUpdate) {
  const { push, ...rest } = k;
  const e = enforce(k.kind, { ...rest, push: push ?? false });
  return { ...e, push: push === undefined ? undefined : e.push };
}

/** Everyone's settings in two statements (the delivery job asks for a whole batch of recipients). */
export async function settingsOf(db: Database, personIds: number[]): Promise<Map<number, PersonSettings>> {
  const out = new Map<number, PersonSettings>();
  if (personIds.length === 0) return out;
  const [rows, quiet] = await Promise.all([
    db.selectFrom('notificationSettings').where('personId', 'in', personIds).selectAll().execute(),
    db.selectFrom('notificationQuietHours').where('personId', 'in', personIds).selectAll().execute(),
  ]);
  for (const id of personIds) {
    out.set(id, {
      kinds: new Map(NOTIFICATION_KINDS.map((k) => [k, DEFAULT_SETTINGS[k]])),
      quiet: DEFAULT_QUIET,
    });
  }
  for (const r of rows) {
    const push = r.push ?? DEFAULT_SETTINGS[r.kind].push;
    out.get(r.personId)?.kinds.set(r.kind, enforce(r.kind, { inApp: r.inApp, email: r.email, digest: r.digest, push }));
  }
  for (const q of quiet) {
    const s = out.get(q.personId);
    if (s) s.quiet = q.startsAt && q.endsAt ? { from: hm(q.startsAt), to: hm(q.endsAt) } : null;
  }
  return out;
}

export async function hasConfirmedEmail(db: Database, personId: number) {
  const row = await db
    .selectFrom('contacts')
    .where('personId', '=', personId)
    .where('kind', '=', 'email')
    .where('confirmedAt', 'is not', null)
    .select('id')
    .executeTakeFirst();
  return !!row;
}

export async function readSettings(db: Database, personId: number): Promise<NotificationSettings> {
  const [s, confirmed, devices] = await Promise.all([
    settingsOf(db, [personId]),
    hasConfirmedEmail(db, personId),
    db
      .selectFrom('pushSubscriptions')
      .where('personId', '=', personId)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const mine = s.get(personId)!;
  return {
    kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, ...mine.kinds.get(kind)! })),
    quietHours: mine.quiet,
    digestAt: DIGEST_AT,
    hasConfirmedEmail: confirmed,
    pushDevices: Number(devices.n),
  };
}

/** Stores the kinds named (the rest keep their value) and the quiet hours when given; one transaction. */
export async function writeSettings(db: Database, personId: number, input: NotificationSettingsUpdate, at: Date) {
  await db.transaction().execute(async (trx) => {
    const kinds = input.kinds ?? [];
    if (kinds.length > 0) {
      // The last entry for a kind wins when a client repeats one.
      const byKind = new Map(kinds.map((k) => [k.kind, enforceUpdate(k)]));
      await trx
        .insertInto('notificationSettings')
        .values(
          [...byKind].map(([kind, v]) => ({
            personId,
            kind,
            inApp: v.inApp,
            email: v.email,
            digest: v.digest,
            push: v.push ?? null,
            updatedAt: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['personId', 'kind']).doUpdateSet((eb) => ({
            inApp: eb.ref('excluded.inApp'),
            email: eb.ref('excluded.email'),
            digest: eb.ref('excluded.digest'),
            // Left out of the update: the stored value stays.
            push: eb.fn.coalesce('excluded.push', 'notificationSettings.push'),
            updatedAt: eb.ref('excluded.updatedAt'),
          })),
        )
        .execute();
    }
    if (input.quietHours !== undefined) {
      const q = input.quietHours;
      const values = { personId, startsAt: q?.from ?? null, endsAt: q?.to ?? null, updatedAt: at };
      await trx
        .insertInto('notificationQuietHours')
        .values(values)
        .onConflict((oc) =>
          oc.column('personId').doUpdateSet({ startsAt: values.startsAt, endsAt: values.endsAt, updatedAt: at }),
        )
        .execute();
    }
  });
}

/** Turns e-mail of one kind off (the unsubscribe link); the other channels keep their value. */
export async function turnOffEmail(db: Database, personId: number, kind: NotificationKind, at: Date) {
  const current = (await settingsOf(db, [personId])).get(personId)!.kinds.get(kind)!;
  await writeSettings(db, personId, { kinds: [{ kind, ...current, email: false, digest: false }] }, at);
}

// ── Time in Kazakhstan ─────────────────────────────────────────────────────────────────────────────────────
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Almaty',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
/** Minutes since midnight in Kazakhstan. */
export const localMinutes = (at: Date) => minutesOf(timeFormat.format(at));

/** Whether `at` lies in the window [from, to) (which may span midnight). */
export function inQuiet(quiet: QuietHours, at: Date): boolean {
  if (!quiet || quiet.from === quiet.to) return false;
  const m = localMinutes(at);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** The first moment at or after `at` outside the quiet hours (e-mail waits for it; in-app does not). */
export function afterQuiet(quiet: QuietHours, at: Date): Date {
  if (!inQuiet(quiet, at)) return at;
  const m = localMinutes(at);
  const wait = (minutesOf(quiet!.to) - m + 24 * 60) % (24 * 60);
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

/** The next DIGEST_AT (Kazakhstan time) after `at`. */
export function nextDigestAt(at: Date): Date {
  const wait = (minutesOf(DIGEST_AT) - localMinutes(at) + 24 * 60) % (24 * 60) || 24 * 60;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}
