import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../schema.js';

/** Migration 0020_notifications (issue 7 §2). */
export type NotificationKindColumn =
  | 'mark'
  | 'attendance'
  | 'homework'
  | 'timetable'
  | 'termGrade'
  | 'security'
  | 'newsletter';

export interface NotificationsTable {
  schoolId: number;
  id: Generated<number>;
  recipientPersonId: number;
  studentPersonId: number | null;
  kind: NotificationKindColumn;
  coalesceKey: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  inApp: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  readAt: Date | null;
  mailedAt: Date | null;
}

export interface NotificationSettingsTable {
  personId: number;
  kind: NotificationKindColumn;
  inApp: boolean;
  email: boolean;
  digest: Generated<boolean>;
  /** Migration 0023: null → the kind's default (settings.ts). */
  push: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  updatedAt: Timestamp;
}

export interface NotificationQuietHoursTable {
  personId: number;
  /** 'HH:MM:SS' as the drivers return `time`. */
  startsAt: string | null;
  endsAt: string | null;
  updatedAt: Timestamp;
}

export interface ContactsTable {
  id: Generated<number>;
  personId: number;
  kind: 'email' | 'phone';
  value: string;
  confirmedAt: Date | null;
  tokenHash: string | null;
  tokenExpiresAt: Date | null;
  createdAt: Timestamp;
}

export interface NotificationJobsTable {
  id: Generated<number>;
  kind: 'event' | 'email' | 'digest' | 'push';
  runAt: Timestamp;
  attempts: Generated<number>;
  lockedUntil: Date | null;
  failedAt: Date | null;
  lastError: string | null;
  dedupeKey: string | null;
  personIds: ColumnType<number[], number[] | undefined, number[]>;
  payload: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Timestamp;
}

export interface NotificationSecretTable {
  id: number;
  key: string;
}

/** Migration 0023_web_push. */
export interface PushSubscriptionsTable {
  id: Generated<number>;
  personId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
  createdAt: Timestamp;
  lastSuccessAt: Date | null;
  failureCount: Generated<number>;
}

export interface PushVapidTable {
  id: number;
  publicKey: string;
  privateKey: string;
}

/** Migration 0024_newsletters: what an authority sent (the text the e-mail jobs render). */
export interface NewslettersTable {
  institutionId: number;
  id: Generated<number>;
  subject: string;
  body: string;
  sentBy: number;
  sentAt: Date;
  recipients: number;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notificationSettings: NotificationSettingsTable;
  notificationQuietHours: NotificationQuietHoursTable;
  contacts: ContactsTable;
  notificationJobs: NotificationJobsTable;
  notificationSecret: NotificationSecretTable;
  pushSubscriptions: PushSubscriptionsTable;
  pushVapid: PushVapidTable;
  newsletters: NewslettersTable;
}
