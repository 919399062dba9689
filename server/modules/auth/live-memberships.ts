import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../db/schema.js';

/** What an actor's membership carries (ActorMembership), selected from `memberships as m` + `institutions as i`. */
export const membershipColumns = [
  'm.id',
  'm.institutionId',
  'i.kind as institutionKind',
  'i.ancestors',
  'i.nameKk',
  'i.nameRu',
  'i.nameEn',
  'm.profile',
  'm.roles',
  'm.isAdmin',
  'm.position',
] as const;

/**
 * The person's memberships in force on `today` in open institutions, as one JSON array column: the part of the
 * per-request session and API-token lookups that builds the actor's memberships. `personRef` is the outer
 * query's person column. Both lookups run on every request (fixed-query.ts), so the SQL is exactly what each
 * wrote before (`"m"."person_id" = "s"."person_id"`, the same predicates and order) and is compiled once.
 */
export function liveMemberships(
  eb: Pick<ExpressionBuilder<DB, never>, 'selectFrom'>,
  personRef: 's.personId' | 't.personId',
  today: string,
) {
  return jsonArrayFrom(
    eb
      .selectFrom('memberships as m')
      .innerJoin('institutions as i', 'i.id', 'm.institutionId')
      .where('m.personId', '=', sql.ref<number>(personRef))
      .where('m.startsOn', '<=', today)
      .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
      .where('i.closedAt', 'is', null)
      .select(membershipColumns)
      .orderBy('m.isAdmin', 'desc')
      .orderBy('i.ancestors')
      .orderBy('m.id'),
  ).as('memberships');
}
