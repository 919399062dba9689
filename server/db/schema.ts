import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ApiClientTables } from './tables/api-clients.js';
import type { DiaryTables } from './tables/diary.js';
import type { JournalTables } from './tables/journal.js';
import type { NotificationTables } from './tables/notifications.js';
import type { PasswordTables } from './tables/passwords.js';
import type { RegistrationTables } from './tables/registration.js';
import type { ScaleOutTables } from './tables/scale-out.js';
import type { SchoolTables } from './tables/school.js';
import type { SignInThrottleTables } from './tables/sign-in-throttle.js';
import type { TopicPlanYearGradeTables } from './tables/topic-plans-year-grades.js';

/**
 * Kysely's view of the schema (camelCase; CamelCasePlugin maps to snake_case). Hand-kept in step with
 * server/db/migrations: a mismatch fails typecheck where a query uses the column, and the integration
 * tests run every query against the migrated schema.
 */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type DateStr = ColumnType<string, string | undefined, string>;
export type Id = Generated<number>;

export type InstitutionKind = 'ministry' | 'region' | 'district' | 'school' | 'other';
export type Profile =
  | 'ministry_employee'
  | 'regional_employee'
  | 'district_employee'
  | 'school_employee'
  | 'student'
  | 'parent';

export interface InstitutionsTable {
  id: Id;
  parentId: number | null;
  kind: InstitutionKind;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  code: string | null;
  /** Maintained by a trigger from parent_id. */
  ancestors: ColumnType<number[], never, never>;
  closedAt: Date | null;
  closedReason: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PersonsTable {
  id: Id;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: DateStr;
  gender: 'male' | 'female';
  iin: string | null;
  email: string | null;
  phone: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Date | null;
  deletionReason: string | null;
  purgedAt: Date | null;
}

export interface AccountsTable {
  personId: number;
  username: string;
  passwordHash: string | null;
  passwordIsTemporary: Generated<boolean>;
  passwordChangedAt: Date | null;
  tempPasswordExpiresAt: Date | null;
  locale: Generated<'kk' | 'ru' | 'en'>;
  status: Generated<'active' | 'disabled'>;
  lastSignInAt: Date | null;
  /** Set when the registration wizard is finished (data checked, own password, agreement accepted). */
  registeredAt: Date | null;
  /** Forces a password change at next request (compromise, administrator decision). */
  mustChangePassword: Generated<boolean>;
  emailVerifiedAt: Date | null;
  failedSignIns: Generated<number>;
  signInBlockedUntil: Date | null;
  /** Added by 0006_sign_in_throttle: failures are forgotten some hours after the last one. */
  lastFailedSignInAt: Date | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MembershipsTable {
  institutionId: number;
  id: Id;
  personId: number;
  profile: Profile;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  isAdmin: Generated<boolean>;
  position: string | null;
  startsOn: DateStr;
  endsOn: string | null;
  endReason: string | null;
  /** Added by 0008: the id the school's own records (or OneRoster sourcedId) give this membership. */
  externalId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface GuardianshipsTable {
  institutionId: number;
  parentPersonId: number;
  childPersonId: number;
  relation: 'mother' | 'father' | 'guardian' | 'other';
  createdAt: Timestamp;
}

export interface SessionsTable {
  id: Id;
  tokenHash: string;
  personId: number;
  membershipInstitutionId: number | null;
  membershipId: number | null;
  csrfToken: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

export interface AuditEventsTable {
  institutionId: number;
  id: Id;
  at: Timestamp;
  actorPersonId: number | null;
  actorMembershipId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: number | null;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
}

/**
 * Each issue-3 workstream declares its new tables in server/db/tables/<concern>.ts; DB is their union, so
 * the workstreams never edit the same lines.
 */
export interface DB
  extends RegistrationTables,
    PasswordTables,
    SignInThrottleTables,
    SchoolTables,
    JournalTables,
    TopicPlanYearGradeTables,
    DiaryTables,
    NotificationTables,
    ScaleOutTables,
    ApiClientTables {
  institutions: InstitutionsTable;
  persons: PersonsTable;
  accounts: AccountsTable;
  memberships: MembershipsTable;
  guardianships: GuardianshipsTable;
  sessions: SessionsTable;
  auditEvents: AuditEventsTable;
}

export type Institution = Selectable<InstitutionsTable>;
export type Person = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type Account = Selectable<AccountsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
