import { z } from 'zod';

/**
 * The v2 password grant's body (kundelik-v2-api.md §1.1 A): snake_case, as Kundelik clients send it. Fields
 * are optional here so a missing one is the documented `authorizationFailed`, not a validation error; unknown
 * fields (agreeTerms…) are ignored.
 */
export const zV2Credentials = z.looseObject({
  username: z.string().max(1000).optional(),
  password: z.string().max(1000).optional(),
  client_id: z.string().max(1000).optional(),
  client_secret: z.string().max(1000).optional(),
  scope: z.string().max(2000).optional(),
});

export const zV2Refresh = z.looseObject({
  client_id: z.string().max(1000).optional(),
  client_secret: z.string().max(1000).optional(),
  grant_type: z.string().max(100).optional(),
  refreshToken: z.string().max(1000).optional(),
  refresh_token: z.string().max(1000).optional(),
});

export const zV2TokenResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  user: z.number().int(),
  user_str: z.string(),
  scope: z.string(),
});

export const zV2AuthError = z.object({
  type: z.string(),
  description: z.string(),
  reason: z.string().optional(),
});

// ---- /api/v1 management of API clients (issue 8 §1) ----

/** A browser origin exactly as browsers send it: scheme://host[:port], no path, no trailing slash. */
export const zOrigin = z
  .string()
  .trim()
  .max(200, 'errors:validation.tooLong')
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
    } catch {
      return false;
    }
  }, 'errors:apiClients.origin');

export const zRedirectUri = z
  .string()
  .trim()
  .max(500, 'errors:validation.tooLong')
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'errors:apiClients.redirectUri');

export const zScopeName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'errors:apiClients.scope');

const zClientName = z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong');

export const zApiClientInput = z.object({
  name: zClientName,
  /** The institution that owns the registration (default: the caller's); schools under it may enable it. */
  ownerInstitutionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  scopes: z.array(zScopeName).max(50).default([]),
  redirectUris: z.array(zRedirectUri).max(10).default([]),
  allowedOrigins: z.array(zOrigin).max(20).default([]),
});
export type ApiClientInput = z.infer<typeof zApiClientInput>;

export const zApiClientPatch = z.object({
  name: zClientName.optional(),
  scopes: z.array(zScopeName).max(50).optional(),
  redirectUris: z.array(zRedirectUri).max(10).optional(),
  allowedOrigins: z.array(zOrigin).max(20).optional(),
  disabled: z.boolean().optional(),
});
export type ApiClientPatch = z.infer<typeof zApiClientPatch>;

export const zApiClient = z.object({
  id: z.number().int(),
  name: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  redirectUris: z.array(z.string()),
  allowedOrigins: z.array(z.string()),
  ownerInstitutionId: z.number().int(),
  createdAt: z.string(),
  secretRotatedAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Schools that enabled it. */
  schools: z.number().int(),
});
export type ApiClient = z.infer<typeof zApiClient>;

export const zApiClients = z.object({ items: z.array(zApiClient) });

/** The secret is in this answer only (create, rotate); the server keeps its hash. */
export const zApiClientWithSecret = z.object({ client: zApiClient, clientSecret: z.string() });

export const zSchoolApiClient = z.object({
  id: z.number().int(),
  name: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  allowedOrigins: z.array(z.string()),
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
});
export const zSchoolApiClients = z.object({ items: z.array(zSchoolApiClient) });
export const zSchoolApiClientToggle = z.object({ enabled: z.boolean() });
export type SchoolApiClient = z.infer<typeof zSchoolApiClient>;

/** An app holding live tokens for the signed-in person ("Apps with access"). */
export const zMyApiApp = z.object({
  id: z.number().int(),
  name: z.string(),
  grantedAt: z.string(),
  lastUsedAt: z.string(),
  tokens: z.number().int(),
});
export const zMyApiApps = z.object({ items: z.array(zMyApiApp) });
export type MyApiApp = z.infer<typeof zMyApiApp>;
export const zRevokedApp = z.object({ revoked: z.number().int() });
