import { z } from 'zod';
import { ATTENDANCE_CODES } from './journal.js';
import { zEmail, zId, zPhone } from './primitives.js';
import { LESSON_CHANGE_KINDS } from './timetable.js';

/**
 * Notifications (issue 7 §2): the bell (in-app list), per-person settings per kind × channel with quiet hours and
 * a daily digest, and the person's contacts (e-mail, phone). A notification is about one student (the recipient
 * themself, or a linked child of a parent) or about the recipient's own account (security); its texts come
 * already in the reader's language (`text`), the structured fields are there for icons and links.
 */

/**
 * What a notification is about. `newsletter` is the system newsletter (agreement 4.16): e-mail only, on once an
 * e-mail contact is confirmed, can be turned off here like any other kind.
 */
export const NOTIFICATION_KINDS = [
  'mark',
  'attendance',
  'homework',
  'timetable',
  'termGrade',
  'security',
  'newsletter',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const zNotificationKind = z.enum(NOTIFICATION_KINDS);

/** Delivery channels. Push goes to the browsers the person turned notifications on in (web push, VAPID). */
export const NOTIFICATION_CHANNELS = ['inApp', 'email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const SECURITY_EVENTS = ['passwordChanged'] as const;
/** timetable: what happened to a lesson of today or tomorrow. */
export const LESSON_CHANGES = LESSON_CHANGE_KINDS;

// ── The bell ────────────────────────────────────────────────────────────────────────────────────────────────
export const zNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Keyset paging: items with an id below this one (the previous page's `nextBefore`). */
  before: zId.optional(),
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const zNotification = z.object({
  id: zId,
  kind: zNotificationKind,
  /** The school the event happened at (a parent's children may attend different schools); null for security. */
  schoolId: zId.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  /** Whose diary it is about (the reader themself or their child); null for the reader's own account events. */
  student: z.object({ personId: zId, name: z.string() }).nullable(),
  /** The subject (mark, attendance, homework, termGrade) in the reader's language. */
  subject: z.string().nullable(),
  /** How many changes this one notification stands for (a burst of saves becomes one notification). */
  count: z.number().int().min(1),
  /** Lesson dates concerned (YYYY-MM-DD, ascending, at most 10). */
  dates: z.array(z.string()),
  /** homework: when it is due. */
  dueDate: z.string().nullable(),
  /** attendance: the codes set (absent, late…). */
  attendanceCodes: z.array(z.enum(ATTENDANCE_CODES)),
  /** termGrade: the period's name in the reader's language. */
  period: z.string().nullable(),
  /** timetable: what changed about the lesson (today's or tomorrow's). */
  lessonChange: z.enum(LESSON_CHANGES).nullable(),
  /** security: what happened to the account. */
  securityEvent: z.enum(SECURITY_EVENTS).nullable(),
  /** One sentence in the reader's language, ready to show. */
  text: z.string(),
});
export type Notification = z.infer<typeof zNotification>;

export const zNotificationList = z.object({
  items: z.array(zNotification),
  unreadCount: z.number().int().min(0),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: zId.nullable(),
});
export type NotificationList = z.infer<typeof zNotificationList>;

export const zUnreadCount = z.object({ unreadCount: z.number().int().min(0) });
export const zReadAllResult = z.object({ updated: z.number().int().min(0) });

// ── Settings: GET/PUT /me/notification-settings ─────────────────────────────────────────────────────────────
export const zHourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'errors:validation.time');

export const zKindSetting = z.object({
  kind: zNotificationKind,
  /** Shown in the bell. Security events are always shown (the server keeps it on). Newsletter has no in-app. */
  inApp: z.boolean(),
  /** Sent to the confirmed e-mail contacts. */
  email: z.boolean(),
  /** E-mails of this kind are collected into one message a day instead of one per notification (push then waits
   *  for the same hour and sends one summary). */
  digest: z.boolean(),
  /** Sent as a web push to the devices the person subscribed (nothing goes out while there are none). */
  push: z.boolean(),
});
export type KindSetting = z.infer<typeof zKindSetting>;
/** In an update `push` may be left out (clients older than the push channel): the stored value stays. */
export const zKindSettingUpdate = zKindSetting.extend({ push: z.boolean().optional() });
export type KindSettingUpdate = z.infer<typeof zKindSettingUpdate>;

/** Quiet hours in Kazakhstan time; may span midnight (22:00–07:00). E-mail waits until they end; in-app does not. */
export const zQuietHours = z.object({ from: zHourMinute, to: zHourMinute });

export const zNotificationSettings = z.object({
  /** Every kind, in NOTIFICATION_KINDS order, with the defaults applied where the person chose nothing. */
  kinds: z.array(zKindSetting),
  quietHours: zQuietHours.nullable(),
  /** When the daily digest goes out (Kazakhstan time). */
  digestAt: zHourMinute,
  /** Whether any e-mail can go out at all (a confirmed e-mail contact exists). */
  hasConfirmedEmail: z.boolean(),
  /** How many devices receive push notifications (0: push settings have no effect yet). */
  pushDevices: z.number().int().min(0),
});
export type NotificationSettings = z.infer<typeof zNotificationSettings>;

/** A partial update: only the kinds listed change; `quietHours: null` turns quiet hours off. */
export const zNotificationSettingsUpdate = z.object({
  kinds: z.array(zKindSettingUpdate).max(NOTIFICATION_KINDS.length).optional(),
  quietHours: zQuietHours.nullable().optional(),
});
export type NotificationSettingsUpdate = z.infer<typeof zNotificationSettingsUpdate>;

// ── Contacts: GET/POST /me/contacts, DELETE /me/contacts/:id, POST /contacts/confirm ────────────────────────
export const CONTACT_KINDS = ['email', 'phone'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const zContact = z.object({
  id: zId,
  kind: z.enum(CONTACT_KINDS),
  value: z.string(),
  /** Null until confirmed; an unconfirmed contact receives nothing but the confirmation mail. Phones stay
   *  unconfirmed until SMS exists (stored for later). */
  confirmedAt: z.string().nullable(),
  /** When the confirmation link (e-mail) stops working; null when confirmed or for phones. */
  confirmationExpiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof zContact>;
export const zContacts = z.object({ items: z.array(zContact) });

export const zContactCreate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: zEmail }),
  z.object({ kind: z.literal('phone'), value: zPhone }),
]);
export type ContactCreate = z.infer<typeof zContactCreate>;

/** The token from the confirmation e-mail's link (`/contacts/confirm#token=…`); no session needed. */
export const zContactConfirm = z.object({ token: z.string().min(10).max(200) });
export const zContactConfirmed = z.object({ ok: z.literal(true), kind: z.enum(CONTACT_KINDS) });

// ── Web push: GET /push/public-key, POST /me/push-subscriptions, DELETE /me/push-subscriptions ─────────────────
/** The server's VAPID public key (base64url, uncompressed P-256 point) for PushManager.subscribe. */
export const zPushPublicKey = z.object({ publicKey: z.string() });

const zBase64Url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, 'errors:validation.invalid');

/** PushSubscription.toJSON() as the browser gives it (expirationTime ignored). */
export const zPushSubscriptionCreate = z.object({
  endpoint: z
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), 'errors:validation.invalid'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key (65 bytes uncompressed → 87 characters base64url). */
    p256dh: zBase64Url(80, 100),
    /** The 16-byte authentication secret (22 characters base64url). */
    auth: zBase64Url(16, 32),
  }),
});
export type PushSubscriptionCreate = z.infer<typeof zPushSubscriptionCreate>;
export const zPushSubscriptionDelete = z.object({ endpoint: z.url().max(2000) });
export const zPushSubscribed = z.object({ ok: z.literal(true), devices: z.number().int().min(0) });
