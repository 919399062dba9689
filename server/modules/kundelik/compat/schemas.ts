/**
 * JSON Schemas (draft 2020-12) of the v2 responses, written from the field lists of
 * /work/shared/reference/kundelik-v2-api.md §1.1–§1.12 — NOT from our code — so the compatibility suite checks
 * what third-party clients parse. `required` lists what the reference's clients read (KEK, J2ME, KUN, ACB, SIRO…)
 * and the `_str` twin of every id (§1.0); the other listed fields are typed when present. Extra fields are allowed
 * (clients ignore them). Where the reference marks a CONFLICT and does not choose, both readings are accepted and
 * the schema says so; where it chooses (journaltype, {days:[…]}, markCards, array timetables), its choice is used.
 *
 * One file per §1 area (schemas.<area>.ts); this index re-exports them all, so `import * as S from './schemas.js'`
 * sees every schema.
 */

export * from './schemas.auth.js';
export * from './schemas.common.js';
export * from './schemas.criteria.js';
export * from './schemas.feed.js';
export * from './schemas.groups.js';
export * from './schemas.lesson-log.js';
export * from './schemas.lessons.js';
export * from './schemas.marks.js';
export * from './schemas.schedules.js';
export * from './schemas.schools.js';
export * from './schemas.users.js';
