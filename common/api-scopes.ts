/**
 * The scopes an API token can be granted (issue 8 §1). Names follow the Kundelik scope string clients already
 * send (kundelik-v2-api.md §1.1: "Schools,Relatives,EduGroups,Lessons,marks,EduWorks,Avatar,EducationalInfo,
 * CommonInfo,ContactInfo,FriendsAndRelatives,Files,Wall,Messages"; the dnevnik.ru web flow asks for
 * "CommonInfo,ContactInfo,FriendsAndRelatives,EducationalInfo"), matched without regard to case ("marks").
 * A scope only narrows what a token may do: the person's own permissions (server/policies) still apply, so a
 * parent's token holding `Marks` still cannot put a mark. Which route needs which scope:
 * server/policies/api-scopes.ts.
 */
export const API_SCOPES = {
  /** Who the person is: their profile, memberships and context, schools, people's names. */
  CommonInfo: 'read',
  /** Everything read about school life: classes, lessons, schedules, marks, homework, attendance, reports. */
  EducationalInfo: 'read',
  /** Accepted and echoed for Kundelik clients; no route needs them yet (contacts and relatives are CommonInfo). */
  ContactInfo: 'read',
  FriendsAndRelatives: 'read',
  /** Putting, changing and removing marks, closing and reopening periods (term grades). */
  Marks: 'write',
  /** The lesson log: attendance, topics, homework and its attachments, topic plans. */
  Lessons: 'write',
  /** Works (ФО/СОр/СОч) and tasks: creating, changing, removing them. */
  EduWorks: 'write',
  /** Dapter's own: every other change through /api/v1 (school organisation, people, accounts, imports, settings). */
  Manage: 'write',
} as const;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[];

const CANONICAL = new Map(API_SCOPE_NAMES.map((s) => [s.toLowerCase(), s]));

/** The catalogue's spelling of a scope name ("marks" → "Marks"); an unknown name is returned as given. */
export const canonicalScope = (name: string): string => CANONICAL.get(name.toLowerCase()) ?? name;

/** A grant's scope string ("CommonInfo,EducationalInfo", commas or spaces) as a case-insensitive set. */
export function scopeSet(scope: string): Set<string> {
  return new Set(
    scope
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((s) => s.toLowerCase()),
  );
}
