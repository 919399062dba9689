import { AUTHORITY_PROFILES, STAFF_PROFILES } from '@common/enums.js';
import type { Actor, ActorMembership } from '../modules/auth/actor.js';

/**
 * Every authorization rule of the app, in one place. `allow` is default-deny: an action missing from the
 * table, an actor without a context membership, or a subject outside the context's subtree is refused.
 *
 * The actor acts through one membership at a time (its session context). A rule sees that membership and
 * the subject's place in the institution tree (its ancestors, from the Ministry down to itself).
 */
export interface InstitutionRef {
  id: number;
  ancestors: readonly number[];
}

export type Action =
  | 'institution.read'
  | 'institution.create' // subject: the parent it is created under
  | 'institution.update'
  | 'institution.move' // checked for the node; its new parent is checked with institution.create
  | 'institution.close'
  | 'institution.settings' // switches an institution's administrator sets for it and beneath it (recovery, 4.18)
  | 'person.list' // subject: the institution whose people are listed
  | 'person.readAny' // read any person with a membership in the subject institution
  | 'person.viewIin'
  | 'person.readChild' // a parent reads their own linked child at the subject school (the link is checked by the caller)
  | 'person.manage' // create / edit people and their memberships at the subject institution
  | 'guardianship.manage'
  | 'audit.read'
  | 'agreement.manage' // draft and publish user agreement versions (subject: the context institution)
  | 'agreement.exportAcceptances' // subject: the institution whose people's acceptances are exported
  | 'correction.handle' // resolve or reject data-correction requests filed at the subject institution
  | 'consent.give' // a parent consents for their minor child at the subject school (link checked by the caller)
  | 'school.read' // the school's organisation: years, calendar, classes, subjects, curriculum, timetable
  | 'school.manage' // set the school up: years, classes, subjects, assignments, timetable, lesson changes, imports
  | 'timetable.readOwn' // "my timetable" at the subject school (own, or own children's for a parent)
  // The journal. The rule checks the school; the caller narrows it to the assignment (its teacher, the class
  // teacher, a lesson's substitute) unless the actor holds 'journal.manage'.
  | 'journal.read'
  | 'journal.write'
  | 'journal.manage' // any assignment of the school, rule overrides, closing periods, a mark's history
  // Issue 5 §5: performance, attendance and fill-in reports of one school. Its own administrators only for now;
  // authorities' statistics over many schools are another issue.
  | 'reports.read'
  // Anonymised statistics (counts and percentages, no names) over every school of the subject's subtree: the
  // district, regional and ministry staff who oversee them (kz-school-rules §4.2 roll-up).
  | 'statistics.read'
  // Issue 8: the registry of API clients (third-party apps); subject: the client's owner institution.
  | 'apiClient.manage'
  // A school's administrator switches a registered client on or off for the school (subject: the school).
  | 'apiClient.enable'
  // Issue 7 §2: the system newsletter (agreement 4.16) to the people of the subject's subtree.
  | 'newsletter.send';

type Rule = (m: ActorMembership, subject: InstitutionRef) => boolean;

/** The subject lies in the membership's subtree (its own institution included). */
const within = (m: ActorMembership, s: InstitutionRef) => s.ancestors.includes(m.institutionId);
const strictlyBelow = (m: ActorMembership, s: InstitutionRef) => within(m, s) && s.id !== m.institutionId;
const isStaff = (m: ActorMembership) => STAFF_PROFILES.includes(m.profile);
const isAuthority = (m: ActorMembership) => AUTHORITY_PROFILES.includes(m.profile);
const isAdmin = (m: ActorMembership) => isStaff(m) && m.isAdmin;

const rules: Record<Action, Rule> = {
  // Staff read their subtree; students and parents only see their own school.
  'institution.read': (m, s) => (isStaff(m) ? within(m, s) : s.id === m.institutionId),
  // Authority administrators shape the tree beneath their node (issue 2 §2); a school cannot grow children.
  'institution.create': (m, s) => isAuthority(m) && isAdmin(m) && within(m, s),
  'institution.update': (m, s) => isAuthority(m) && isAdmin(m) && within(m, s),
  'institution.move': (m, s) => isAuthority(m) && isAdmin(m) && strictlyBelow(m, s),
  'institution.close': (m, s) => isAuthority(m) && isAdmin(m) && strictlyBelow(m, s),
  // Agreement 4.18: the institution's own administrator (or one above it) decides about self-service recovery.
  'institution.settings': (m, s) => isAdmin(m) && within(m, s),
  // Staff see the people of their subtree (teachers need their students); the IIN only administrators.
  'person.list': (m, s) => isStaff(m) && within(m, s),
  'person.readAny': (m, s) => isStaff(m) && within(m, s),
  'person.viewIin': (m, s) => isAdmin(m) && within(m, s),
  'person.readChild': (m, s) => m.profile === 'parent' && s.id === m.institutionId,
  // Administrators enter data for their institution; authority administrators also for the institutions
  // beneath them (that is how a new school gets its first administrator).
  'person.manage': (m, s) => isAdmin(m) && within(m, s),
  // Parent–child links belong to one school and only its own administrator keeps them (agreement 1.14).
  'guardianship.manage': (m, s) => isAdmin(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'audit.read': (m, s) => isAdmin(m) && within(m, s),
  // The agreement is the Ministry's (2.2); every administrator may export who accepted it in their subtree.
  'agreement.manage': (m) => m.profile === 'ministry_employee' && isAdmin(m),
  'agreement.exportAcceptances': (m, s) => isAdmin(m) && within(m, s),
  // A request is filed at each of the person's institutions; that institution's own administrators answer it.
  'correction.handle': (m, s) => isAdmin(m) && s.id === m.institutionId,
  'consent.give': (m, s) => m.profile === 'parent' && s.id === m.institutionId,
  // Staff above a school read how it is organised (statistics, inspection); its own people read it too.
  'school.read': (m, s) => (isStaff(m) ? within(m, s) : s.id === m.institutionId),
  // Only the school's own administrators enter its data (agreement 1.14), and only at a school.
  'school.manage': (m, s) => isAdmin(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'timetable.readOwn': (m, s) => m.institutionKind === 'school' && s.id === m.institutionId,
  'journal.read': (m, s) => isStaff(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'journal.write': (m, s) => isStaff(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'journal.manage': (m, s) => isAdmin(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'reports.read': (m, s) => isAdmin(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  'statistics.read': (m, s) => isAuthority(m) && within(m, s),
  'apiClient.manage': (m, s) =>
    (m.profile === 'ministry_employee' || m.profile === 'regional_employee') && isAdmin(m) && within(m, s),
  'apiClient.enable': (m, s) => isAdmin(m) && m.institutionKind === 'school' && s.id === m.institutionId,
  // An authority's administrators speak for it; a school writes to its parents through its own channels.
  'newsletter.send': (m, s) => isAuthority(m) && isAdmin(m) && within(m, s),
};

export function allow(actor: Actor | null, action: Action, subject: InstitutionRef): boolean {
  const m = actor?.context;
  if (!m) return false;
  const rule = rules[action];
  return rule ? rule(m, subject) : false;
}

/** The institution whose subtree bounds every query the actor makes, or null (no active membership). */
export const scopeRoot = (actor: Actor): number | null => actor.context?.institutionId ?? null;

/** Which screens the web app offers; mirrors the rules above so the UI never shows a dead end. */
export function capabilities(actor: Actor) {
  const m = actor.context;
  const self: InstitutionRef | null = m ? { id: m.institutionId, ancestors: m.ancestors } : null;
  const can = (a: Action) => (self ? allow(actor, a, self) : false);
  return {
    browseInstitutions: !!m && isStaff(m),
    manageInstitutions: can('institution.create'),
    listPeople: can('person.list'),
    managePeople: can('person.manage'),
    manageGuardianships: can('guardianship.manage'),
    readAudit: can('audit.read'),
    seeChildren: m?.profile === 'parent',
    manageAgreements: can('agreement.manage'),
    exportAcceptances: can('agreement.exportAcceptances'),
    handleCorrections: can('correction.handle'),
    readSchool: can('school.read') && m?.institutionKind === 'school',
    manageSchool: can('school.manage'),
    seeTimetable: can('timetable.readOwn'),
    useJournal: can('journal.read'),
    manageJournal: can('journal.manage'),
    readReports: can('reports.read'),
    readStatistics: can('statistics.read'),
    manageApiClients: can('apiClient.manage'),
    enableApiClients: can('apiClient.enable'),
    sendNewsletters: can('newsletter.send'),
    // The diary reads every school where the person is a student or a parent, whatever the current context.
    useDiary: actor.memberships.some(
      (x) => x.institutionKind === 'school' && (x.profile === 'student' || x.profile === 'parent'),
    ),
  };
}
export type Capabilities = ReturnType<typeof capabilities>;
