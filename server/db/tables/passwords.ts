import type { Generated } from 'kysely';
import type { Id, Timestamp } from '../schema.js';

/** Kysely types of the passwords/recovery/mail tables (migration 0005_passwords). */
export interface PasswordHistoryTable {
  personId: number;
  id: Id;
  passwordHash: string;
  createdAt: Timestamp;
}

export type AccountTokenPurpose = 'confirm_email' | 'recovery';

export interface AccountTokensTable {
  personId: number;
  id: Id;
  purpose: AccountTokenPurpose;
  /** SHA-256 of the token; the token itself only travels in the mail. */
  tokenHash: string;
  /** The address being confirmed (confirm_email only). */
  email: string | null;
  createdAt: Timestamp;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface InstitutionSettingsTable {
  institutionId: number;
  selfServiceRecovery: Generated<boolean>;
  /** Issue 7 §1: the diary may show the anonymised class distribution of a work (0021, off by default). */
  classDistribution: Generated<boolean>;
  updatedAt: Timestamp;
  updatedBy: number | null;
}

export interface MailOutboxTable {
  id: Id;
  personId: number | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  createdAt: Timestamp;
}

export interface PasswordTables {
  passwordHistory: PasswordHistoryTable;
  accountTokens: AccountTokensTable;
  institutionSettings: InstitutionSettingsTable;
  mailOutbox: MailOutboxTable;
}
