import { z } from 'zod';
import { INSTITUTION_KINDS, LOCALES, PROFILES, REQUIRED_ACTIONS, SCHOOL_ROLES } from '../enums.js';
import { zId, zLocalizedName } from './primitives.js';

export const zSignIn = z.object({
  username: z.string().trim().toLowerCase().min(1, 'errors:validation.required').max(64, 'errors:validation.tooLong'),
  password: z.string().min(1, 'errors:validation.required').max(256, 'errors:validation.tooLong'),
});
export type SignIn = z.infer<typeof zSignIn>;

/** One institution membership as its holder sees it (the context switcher). */
export const zMyMembership = z.object({
  id: zId,
  institutionId: zId,
  institutionKind: z.enum(INSTITUTION_KINDS),
  institutionName: zLocalizedName,
  profile: z.enum(PROFILES),
  roles: z.array(z.enum(SCHOOL_ROLES)),
  isAdmin: z.boolean(),
  position: z.string().nullable(),
});
export type MyMembership = z.infer<typeof zMyMembership>;

export const zMe = z.object({
  personId: zId,
  username: z.string(),
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  locale: z.enum(LOCALES),
  passwordIsTemporary: z.boolean(),
  /** Steps to finish before the cabinet opens; the web app routes to them. */
  requiredActions: z.array(z.enum(REQUIRED_ACTIONS)),
  memberships: z.array(zMyMembership),
  /** The membership the session acts through; every query is scoped by it. */
  context: zMyMembership.nullable(),
  /** What the web app offers this context (the server checks every request again). */
  capabilities: z.object({
    browseInstitutions: z.boolean(),
    manageInstitutions: z.boolean(),
    listPeople: z.boolean(),
    managePeople: z.boolean(),
    manageGuardianships: z.boolean(),
    readAudit: z.boolean(),
    seeChildren: z.boolean(),
    manageAgreements: z.boolean(),
    exportAcceptances: z.boolean(),
    handleCorrections: z.boolean(),
    readSchool: z.boolean(),
    manageSchool: z.boolean(),
    seeTimetable: z.boolean(),
    /** Issue 5: open the journal (school staff); manage it (close periods, overrides, mark history). */
    useJournal: z.boolean(),
    manageJournal: z.boolean(),
    /** Issue 5 §5: the school's performance, attendance and fill-in reports (its administrators). */
    readReports: z.boolean(),
    readStatistics: z.boolean(),
    /** Issue 8: the registry of API clients (Ministry / regional administrators); enabling them for a school. */
    manageApiClients: z.boolean(),
    enableApiClients: z.boolean(),
    /** Issue 7 §2: send the system newsletter to the institution's subtree (authority administrators). */
    sendNewsletters: z.boolean(),
    /** Issue 7: the diary — a student's own, a parent's children's (any of the person's memberships). */
    useDiary: z.boolean(),
  }),
  /** Echo in the X-CSRF-Token header on every write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof zMe>;

export const zPreferences = z.object({ locale: z.enum(LOCALES) });
export const zContextSwitch = z.object({ membershipId: zId });
