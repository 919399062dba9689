import type { ApiScope } from '@common/api-scopes.js';
import { scopeSet } from '@common/api-scopes.js';

/**
 * Which scope (common/api-scopes.ts) a route needs from an API token. A route may declare it
 * (`config: { scope: 'Marks' }`, or `scope: null` for none); otherwise the first rule below that matches its
 * method and path gives the default, so route modules need no edit for the common cases. The auth plugin
 * stamps the result on every route (onRoute) and checks it once per token request; cookie sessions never are.
 */
type Kind = 'read' | 'write';
type Rule = readonly [Kind, RegExp, ApiScope | null];

const V1 = '/api/v1';
const V2 = /^\/v2(\.0)?(?=\/)/;

/** /api/v1 paths (after the prefix). First match wins; reads default to EducationalInfo, writes to Manage. */
const V1_RULES: readonly Rule[] = [
  // A token may always end itself.
  ['write', /^\/auth\/sign-out$/, null],
  ['read', /^\/(me|institutions)(\/|$)/, 'CommonInfo'],
  ['write', /^\/me\/(context|preferences)$/, 'CommonInfo'],
  ['write', /^\/journal\/(periods\/[^/]+\/(close|reopen)|[^/]+\/marks)$/, 'Marks'],
  ['write', /^\/journal\/[^/]+\/works(\/|$)/, 'EduWorks'],
  // The lesson log, not the timetable: cancelling, moving or substituting a lesson stays Manage.
  [
    'write',
    /^\/(journal\/[^/]+\/(attendance|topic-plan)|lessons\/[^/]+\/(topic|homework)|topic-plans)(\/|$)/,
    'Lessons',
  ],
];

/** v2 paths (after /v2 or /v2.0): reads default to EducationalInfo, writes to Manage. */
const V2_RULES: readonly Rule[] = [
  [
    'read',
    /^\/users\/[^/]+(\/(context|roles|schools|edu-groups|relatives|classmates|children|childrenrelatives))?$/,
    'CommonInfo',
  ],
  ['read', /^\/(persons|schools)(\/[^/]+)?$/, 'CommonInfo'],
  ['read', /^\/schools\/person-schools$/, 'CommonInfo'],
  ['write', /\/marks?(\/|$)/, 'Marks'],
  ['write', /(^|\/)(works|tasks)(\/|$)/, 'EduWorks'],
  ['write', /(^|\/)lesson-log-entries(\/|$)|^\/lessons\//, 'Lessons'],
];

/** v2 POSTs that only read (Kundelik takes id lists in a body): they need the read scope. */
const V2_POST_READS = /^\/((users|lessons|works)\/many|lessons\/(many\/)?marks|edu-groups(\/students)?)$/;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function match(rules: readonly Rule[], kind: Kind, path: string, fallback: ApiScope): ApiScope | null {
  for (const [k, re, scope] of rules) if (k === kind && re.test(path)) return scope;
  return fallback;
}

/** The default scope of a route by method and full URL; null = none needed (not an API route). */
export function defaultRouteScope(method: string, url: string): ApiScope | null {
  const upper = method.toUpperCase();
  if (url.startsWith(`${V1}/`)) {
    const kind: Kind = SAFE.has(upper) ? 'read' : 'write';
    return match(V1_RULES, kind, url.slice(V1.length), kind === 'read' ? 'EducationalInfo' : 'Manage');
  }
  const v2 = V2.exec(url);
  if (v2) {
    const path = url.slice(v2[0].length);
    const kind: Kind = SAFE.has(upper) || (upper === 'POST' && V2_POST_READS.test(path)) ? 'read' : 'write';
    return match(V2_RULES, kind, path, kind === 'read' ? 'EducationalInfo' : 'Manage');
  }
  return null;
}

/** Whether a grant's scope string holds the scope a route needs (case-insensitive; null needs nothing). */
export function grantAllows(grantScope: string, needed: ApiScope | null | undefined): boolean {
  if (!needed) return true;
  return scopeSet(grantScope).has(needed.toLowerCase());
}
