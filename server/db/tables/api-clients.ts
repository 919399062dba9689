import type { Generated } from 'kysely';
import type { Id, Timestamp } from '../schema.js';

/** Kysely types of registered API clients and their bearer tokens (migration 0022). */
export interface ApiClientsTable {
  id: Id;
  name: string;
  /** The public identifier apps send as `client_id`. */
  clientId: string;
  /** SHA-256 (base64url) of the 256-bit secret; the secret itself is shown once. */
  secretHash: string;
  scopes: Generated<string[]>;
  redirectUris: Generated<string[]>;
  allowedOrigins: Generated<string[]>;
  ownerInstitutionId: number;
  createdBy: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  secretRotatedAt: Date | null;
  disabledAt: Date | null;
}

export interface ApiClientSchoolsTable {
  schoolId: number;
  apiClientId: number;
  enabledBy: number | null;
  enabledAt: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  accessHash: string;
  refreshHash: string;
  apiClientId: number;
  personId: number;
  membershipInstitutionId: number | null;
  membershipId: number | null;
  scope: Generated<string>;
  ip: string | null;
  userAgent: string | null;
  createdAt: Timestamp;
  refreshedAt: Date | null;
  lastUsedAt: Timestamp;
  expiresAt: Date;
  refreshExpiresAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** Refresh tokens a grant already swapped (migration 0025): presenting one again revokes the grant. */
export interface ApiTokenUsedRefreshesTable {
  refreshHash: string;
  apiTokenId: number;
  usedAt: Date;
}

export interface ApiClientTables {
  apiClients: ApiClientsTable;
  apiClientSchools: ApiClientSchoolsTable;
  apiTokens: ApiTokensTable;
  apiTokenUsedRefreshes: ApiTokenUsedRefreshesTable;
}
