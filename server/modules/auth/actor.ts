import type { InstitutionKind, Locale, Profile, RequiredAction, SchoolRole } from '@common/enums.js';

/** One active membership of the signed-in person, with what policies need to judge it. */
export interface ActorMembership {
  id: number;
  institutionId: number;
  institutionKind: InstitutionKind;
  /** The institution's path from the Ministry down to itself (ids). */
  ancestors: number[];
  nameKk: string;
  nameRu: string;
  nameEn: string;
  profile: Profile;
  roles: SchoolRole[];
  isAdmin: boolean;
  position: string | null;
}

/**
 * Who is calling. Built from the session only: the institution scope is the session's chosen membership
 * (`context`), never a client-supplied id.
 */
export interface Actor {
  personId: number;
  /** The cookie session; 0 for a request authenticated by an API token. */
  sessionId: number;
  /** How the request authenticated: absent = cookie session; 'token' = an API access token (issue 8). */
  via?: 'token';
  /** The api_tokens row (grant) and its client when `via` is 'token'. */
  apiTokenId?: number;
  apiClientId?: number;
  /** The grant's scopes ("CommonInfo,EducationalInfo") when `via` is 'token'; routes check them (policies/api-scopes.ts). */
  apiScope?: string;
  username: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  locale: Locale;
  passwordIsTemporary: boolean;
  /** Pending steps (registration, password change, agreement); while any is pending most routes answer 403. */
  requiredActions: RequiredAction[];
  csrfToken: string;
  memberships: ActorMembership[];
  context: ActorMembership | null;
}
