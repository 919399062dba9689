import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the registration tables (server/db/migrations/0004_registration.ts). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AgreementVersionsTable {
  id: Generated<number>;
  label: string;
  textKk: string;
  textRu: string;
  textEn: string;
  changesKk: Generated<string>;
  changesRu: Generated<string>;
  changesEn: Generated<string>;
  createdAt: Timestamp;
  createdBy: number | null;
  publishedAt: Date | null;
  publishedBy: number | null;
}

export interface AgreementAcceptancesTable {
  personId: number;
  versionId: number;
  acceptedAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Field → value, as the person saw it and as they say it should be. */
export type CorrectionValues = Partial<{
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: 'male' | 'female';
}>;

export interface CorrectionRequestsTable {
  institutionId: number;
  id: Generated<number>;
  requestKey: string;
  personId: number;
  currentValues: ColumnType<CorrectionValues, string, string>;
  proposedValues: ColumnType<CorrectionValues, string, string>;
  comment: string | null;
  status: Generated<'open' | 'resolved' | 'rejected'>;
  answer: string | null;
  createdAt: Timestamp;
  resolvedBy: number | null;
  resolvedAt: Date | null;
}

export interface MinorConsentsTable {
  institutionId: number;
  id: Generated<number>;
  childPersonId: number;
  parentPersonId: number;
  givenAt: Date;
  ip: string | null;
  userAgent: string | null;
  withdrawnAt: Date | null;
}

export interface RegistrationTables {
  agreementVersions: AgreementVersionsTable;
  agreementAcceptances: AgreementAcceptancesTable;
  correctionRequests: CorrectionRequestsTable;
  minorConsents: MinorConsentsTable;
}
