import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

export interface AuditFilters {
  /** Events of this institution and everything beneath it. */
  rootId: number;
  /** Exact action, or every action starting with it when it ends with a dot ("person."). */
  action?: string;
  actorPersonId?: number;
  subjectType?: string;
  subjectId?: number;
  /** Half-open instant range [from, to). */
  from?: Date;
  to?: Date;
}

/** Keyset position: the sort key of the last event already shown. `at` is UTC with microseconds. */
export interface AuditKey {
  at: string;
  institutionId: number;
  id: number;
}

export async function findInstitutionRef(db: Database, id: number) {
  return db.selectFrom('institutions').where('id', '=', id).select(['id', 'ancestors']).executeTakeFirst();
}

/**
 * One page, newest first by (at, institution_id, id) descending: a total order, so every event appears on
 * exactly one page even when many share a timestamp. The subtree is found through the GIN index on
 * institutions.ancestors; the actor's name comes from the same query.
 */
export async function listAuditEvents(db: Database, f: AuditFilters, after: AuditKey | null, limit: number) {
  let q = db
    .selectFrom('auditEvents as e')
    .innerJoin('institutions as i', 'i.id', 'e.institutionId')
    .leftJoin('persons as p', 'p.id', 'e.actorPersonId')
    .where(({ ref }) => sql<boolean>`${ref('i.ancestors')} @> array[${f.rootId}]::bigint[]`);
  if (f.action !== undefined) {
    const action = f.action;
    q = action.endsWith('.')
      ? q.where(({ ref }) => sql<boolean>`starts_with(${ref('e.action')}, ${action})`)
      : q.where('e.action', '=', action);
  }
  if (f.actorPersonId !== undefined) q = q.where('e.actorPersonId', '=', f.actorPersonId);
  if (f.subjectType !== undefined) q = q.where('e.subjectType', '=', f.subjectType);
  if (f.subjectId !== undefined) q = q.where('e.subjectId', '=', f.subjectId);
  if (f.from) q = q.where('e.at', '>=', f.from);
  if (f.to) q = q.where('e.at', '<', f.to);
  if (after) {
    q = q.where(
      ({ ref }) =>
        sql<boolean>`(${ref('e.at')}, ${ref('e.institutionId')}, ${ref('e.id')}) < (${after.at}::timestamptz, ${after.institutionId}::bigint, ${after.id}::bigint)`,
    );
  }
  return q
    .select(({ ref }) => [
      'e.id',
      'e.institutionId',
      'e.at',
      // Exact to the microsecond, so the cursor never skips or repeats an event at the same millisecond.
      sql<string>`to_char(${ref('e.at')} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('atKey'),
      'e.action',
      'e.actorPersonId',
      sql<string | null>`${ref('p.surname')} || ' ' || ${ref('p.firstName')}`.as('actorName'),
      'e.subjectType',
      'e.subjectId',
      'e.ip',
      'e.userAgent',
      'e.before',
      'e.after',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.institutionId', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>[number];
