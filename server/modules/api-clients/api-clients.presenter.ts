import type { ApiClient, MyApiApp, SchoolApiClient } from '@common/schemas/api-clients.js';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

export function presentClient(row: {
  id: number;
  name: string;
  clientId: string;
  scopes: string[];
  redirectUris: string[];
  allowedOrigins: string[];
  ownerInstitutionId: number;
  createdAt: Date;
  secretRotatedAt: Date | null;
  disabledAt: Date | null;
  schools: number | string | null;
}): ApiClient {
  return {
    id: Number(row.id),
    name: row.name,
    clientId: row.clientId,
    scopes: row.scopes,
    redirectUris: row.redirectUris,
    allowedOrigins: row.allowedOrigins,
    ownerInstitutionId: Number(row.ownerInstitutionId),
    createdAt: iso(row.createdAt) ?? '',
    secretRotatedAt: iso(row.secretRotatedAt),
    disabledAt: iso(row.disabledAt),
    schools: Number(row.schools ?? 0),
  };
}

export function presentSchoolClient(row: {
  id: number;
  name: string;
  clientId: string;
  scopes: string[];
  allowedOrigins: string[];
  enabledAt: Date | null;
}): SchoolApiClient {
  return {
    id: Number(row.id),
    name: row.name,
    clientId: row.clientId,
    scopes: row.scopes,
    allowedOrigins: row.allowedOrigins,
    enabled: row.enabledAt !== null,
    enabledAt: iso(row.enabledAt),
  };
}

export function presentMyApp(row: {
  id: number;
  name: string;
  grantedAt: Date | string;
  lastUsedAt: Date | string;
  tokens: number | string;
}): MyApiApp {
  return {
    id: Number(row.id),
    name: row.name,
    grantedAt: iso(row.grantedAt) ?? '',
    lastUsedAt: iso(row.lastUsedAt) ?? '',
    tokens: Number(row.tokens),
  };
}
