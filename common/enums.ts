/**
 * Closed vocabularies shared by the server (validation, database checks) and the web app (labels, filters).
 * The database CHECK constraints in server/db/migrations list the same values.
 */
export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'kk';

export const INSTITUTION_KINDS = ['ministry', 'region', 'district', 'school', 'other'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** Which kinds may sit directly under which (kz-school-rules §5.1; 'other' = a body with delegated powers). */
export const ALLOWED_CHILD_KINDS: Record<InstitutionKind, readonly InstitutionKind[]> = {
  ministry: ['region', 'other', 'school'],
  region: ['district', 'other', 'school'],
  district: ['school', 'other'],
  school: [],
  other: ['school'],
};

/** Agreement 1.6: the six profiles. */
export const PROFILES = [
  'ministry_employee',
  'regional_employee',
  'district_employee',
  'school_employee',
  'student',
  'parent',
] as const;
export type Profile = (typeof PROFILES)[number];

/** The profile a staff member of each institution kind holds. */
export const STAFF_PROFILE_BY_KIND: Record<InstitutionKind, Profile> = {
  ministry: 'ministry_employee',
  region: 'regional_employee',
  district: 'district_employee',
  school: 'school_employee',
  other: 'district_employee',
};

export const AUTHORITY_PROFILES: readonly Profile[] = ['ministry_employee', 'regional_employee', 'district_employee'];
export const STAFF_PROFILES: readonly Profile[] = [...AUTHORITY_PROFILES, 'school_employee'];

/** Role details of a school employee (a person may hold several). */
export const SCHOOL_ROLES = ['teacher', 'class_teacher', 'deputy_director', 'director'] as const;
export type SchoolRole = (typeof SCHOOL_ROLES)[number];

/** Agreement: access to an institution ends for a recorded reason. */
export const END_REASONS = [
  'end_of_study',
  'expulsion',
  'transfer',
  'end_of_employment',
  'end_of_representation',
  'data_error',
  'other',
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** Steps a signed-in person must take before using the cabinet (server/modules/auth/required-actions.ts). */
export const REQUIRED_ACTIONS = ['register', 'changePassword', 'acceptAgreement'] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const RELATIONS = ['mother', 'father', 'guardian', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
