import type { Locale, Profile, Relation } from '@common/enums.js';
import type { MatchKind, RowEntity, RowOutcome } from '@common/schemas/imports.js';
import type { YearRow } from '../school-year/school-year.queries.js';
import type { ExistingPerson, YearClass } from './match.repository.js';
import type { ClassLabel, PersonRecord, RowProblem } from './normalize.js';
import type { RosterPlans } from './oneroster/plan.js';

/** The plan of an import (plan.ts): what each row is and what the apply would write for it. */

export interface InputRow {
  rowNumber: number;
  entity: RowEntity;
  values: Partial<Record<string, string>>;
  /** The suggested match the administrator accepted. */
  confirmedPersonId?: number;
}

export interface PlanContext {
  schoolId: number;
  /** Today in Kazakhstan. */
  today: string;
  /** The year classes and enrolments go into (null: none yet). */
  year: YearRow | null;
  /** Language of instruction of a new class when the row does not say. */
  defaultLanguage: string;
  /** Account language of a new person when the row does not say. */
  locale: Locale;
}

/** An existing person, or a person the same apply creates (by row number). */
export type PersonRef = { id: number } | { row: number };

export const PERSON_FIELDS = [
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'gender',
  'iin',
  'email',
  'phone',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface PersonPlan {
  entity: 'person';
  rowNumber: number;
  outcome: RowOutcome;
  problems: RowProblem[];
  record: PersonRecord | null;
  /** The existing person this row is (once matched or confirmed), else null (a new person, or an error). */
  personId: number | null;
  /** The suggested person waiting for a confirmation (outcome 'confirm'). */
  candidate: ExistingPerson | null;
  via: MatchKind | null;
  confirmed: boolean;
  /** The existing person as stored (null for a new one). */
  existing: ExistingPerson | null;
  personChanges: Partial<Record<PersonField, string | null>>;
  /** A membership of this profile to add at the school (none current yet). */
  addMembership: { profile: Profile; roles: string[] } | null;
  /** Put the row's external id on the person's membership of that profile (the new one, or this current one). */
  setExternalId: boolean;
  currentMembershipId: number | null;
  enrol: ClassLabel | null;
  links: Array<{ child: PersonRef; relation: Relation }>;
  locale: Locale;
  changes: string[];
}

export interface NewClass {
  label: ClassLabel;
  language: string;
  externalId: string | null;
}

export interface Plan {
  persons: PersonPlan[];
  roster: RosterPlans;
  /** Classes of the year to create, by «grade letter». */
  newClasses: Map<string, NewClass>;
  /** The year's existing classes by «grade letter». */
  classes: Map<string, YearClass>;
}
