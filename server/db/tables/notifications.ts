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
  kind: 'event' | 'email' | 'digest';
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

export interface NotificationTables {
  notifications: NotificationsTable;
  notificationSettings: NotificationSettingsTable;
  notificationQuietHours: NotificationQuietHoursTable;
  contacts: ContactsTable;
  notificationJobs: NotificationJobsTable;
  notificationSecret: NotificationSecretTable;
}
