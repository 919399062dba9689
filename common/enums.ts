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

/**
 * Agreement 3.6: access to an institution ends for a recorded reason — end of study, expulsion, transfer to
 * another institution, the child's graduation or transfer (for a parent), end of employment, end of civil
 * service — plus the bookkeeping reasons. The database checks the same list (migration 0007).
 */
export const END_REASONS = [
  'end_of_study',
  'expulsion',
  'transfer',
  'end_of_employment',
  'end_of_representation',
  'data_error',
  'other',
  'child_left',
  'end_of_civil_service',
  /** Set only by deleting the profile (agreement 3.7), never chosen by hand. */
  'profile_deleted',
] as const;
export type EndReason = (typeof END_REASONS)[number];
/** The reasons an administrator may pick when ending one membership. */
export const CHOOSABLE_END_REASONS = END_REASONS.filter(
  (r): r is Exclude<EndReason, 'profile_deleted'> => r !== 'profile_deleted',
);

/**
 * Agreement 3.7: why a profile was deleted — the person's own request (made in the app or handed to an
 * administrator), or grounds the agreement names (a breach of its rules), or the data is no longer needed
 * or was entered by mistake. The database checks the same list (migration 0007).
 */
export const DELETION_REASONS = [
  'own_request',
  'agreement_breach',
  'no_longer_needed',
  'created_by_mistake',
  'other',
] as const;
export type DeletionReason = (typeof DELETION_REASONS)[number];

/** Steps a signed-in person must take before using the cabinet (server/modules/auth/required-actions.ts). */
export const REQUIRED_ACTIONS = ['register', 'changePassword', 'acceptAgreement'] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const RELATIONS = ['mother', 'father', 'guardian', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * Languages of instruction a class may have (kz-school-rules §2.3: Typical Curricula exist for Kazakh, Russian,
 * Uzbek, Uyghur and Tajik; English for international classes). The database accepts any 2–3-letter code;
 * these are the ones offered and labelled.
 */
export const INSTRUCTION_LANGUAGES = ['kk', 'ru', 'uz', 'ug', 'tg', 'en'] as const;
export type InstructionLanguage = (typeof INSTRUCTION_LANGUAGES)[number];

/** How a subject is assessed in a grade (kz-school-rules §1.2): marks, зачёт / сынақ, or not at all (grade 1). */
export const ASSESSMENT_MODES = ['graded', 'pass_fail', 'ungraded'] as const;
export type AssessmentModeKind = (typeof ASSESSMENT_MODES)[number];

/** Why a student's place in a class ended (class_enrollments.end_reason). */
export const ENROLLMENT_END_REASONS = ['moved', 'left_school', 'year_closed', 'data_error'] as const;
export type EnrollmentEndReason = (typeof ENROLLMENT_END_REASONS)[number];
