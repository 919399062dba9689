import type { InstitutionKind, Locale } from '@common/enums.js';
import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/client.js';
import type { DB, InstitutionsTable } from '../../db/schema.js';

/** One institution as the module reads it: its row, its place in the tree and how many children it has. */
export interface InstitutionRow {
  id: number;
  parentId: number | null;
  kind: InstitutionKind;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  code: string | null;
  ancestors: number[];
  closedAt: Date | null;
  closedReason: string | null;
  childCount: number;
}

export interface PathItem {
  id: number;
  kind: InstitutionKind;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

const columns = [
  'i.id',
  'i.parentId',
  'i.kind',
  'i.nameKk',
  'i.nameRu',
  'i.nameEn',
  'i.code',
  'i.ancestors',
  'i.closedAt',
  'i.closedReason',
] as const;

const NAME_COLUMN = { kk: 'i.nameKk', ru: 'i.nameRu', en: 'i.nameEn' } as const satisfies Record<Locale, string>;

type Eb = ExpressionBuilder<DB & { i: InstitutionsTable }, 'i'>;

/** `i` lies in the subtree of `root` (root included); GIN-indexed on ancestors. */
const inSubtree = (eb: Eb, root: number) => sql<boolean>`${eb.ref('i.ancestors')} @> array[${root}]::bigint[]`;

/** Direct children of each row, counted in the same statement (a correlated subquery on the parent index). */
const childCount = (eb: Eb, includeClosed: boolean) =>
  eb
    .selectFrom('institutions as c')
    .whereRef('c.parentId', '=', 'i.id')
    .$if(!includeClosed, (qb) => qb.where('c.closedAt', 'is', null))
    .select(sql<number>`count(*)::int`.as('n'))
    .$asScalar()
    .as('childCount');

/** LIKE pattern for "contains `text`", with the user's own wildcards taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ListFilter {
  /** Every row returned lies in this subtree: the caller's scope. */
  scopeRoot: number;
  /** Exactly one of the three modes. */
  mode: { top: true } | { parentId: number } | { search: string };
  kind?: InstitutionKind;
  includeClosed: boolean;
  limit: number;
  locale: Locale;
}

export async function listInstitutions(db: Database, f: ListFilter): Promise<InstitutionRow[]> {
  const { mode } = f;
  return db
    .selectFrom('institutions as i')
    .select(columns)
    .select((eb) => childCount(eb, f.includeClosed))
    .where((eb) => inSubtree(eb, f.scopeRoot))
    .$if('top' in mode, (qb) => qb.where('i.id', '=', f.scopeRoot))
    .$if('parentId' in mode, (qb) => qb.where('i.parentId', '=', (mode as { parentId: number }).parentId))
    .$if('search' in mode, (qb) => {
      const pattern = containsPattern((mode as { search: string }).search);
      return qb.where((eb) =>
        eb.or([
          eb('i.nameKk', 'ilike', pattern),
          eb('i.nameRu', 'ilike', pattern),
          eb('i.nameEn', 'ilike', pattern),
          eb('i.code', 'ilike', pattern),
        ]),
      );
    })
    .$if(f.kind !== undefined, (qb) => qb.where('i.kind', '=', f.kind!))
    .$if(!f.includeClosed, (qb) => qb.where('i.closedAt', 'is', null))
    .orderBy(NAME_COLUMN[f.locale])
    .orderBy('i.id')
    .limit(f.limit)
    .execute() as Promise<InstitutionRow[]>;
}

export type NodeRow = Omit<InstitutionRow, 'childCount'>;

/**
 * One institution inside the caller's scope, or undefined (absent and foreign look the same). Inside a
 * write transaction `lock` holds the row until commit, so the checks made on it still hold when the change
 * lands: 'update' for the row being changed, 'share' for a parent that must stay open.
 */
export async function findInScope(
  db: Database,
  id: number,
  scopeRoot: number,
  lock?: 'update' | 'share',
): Promise<NodeRow | undefined> {
  const row = await db
    .selectFrom('institutions as i')
    .select(columns)
    .where('i.id', '=', id)
    .where((eb) => inSubtree(eb, scopeRoot))
    .$if(lock === 'update', (qb) => qb.forUpdate())
    .$if(lock === 'share', (qb) => qb.forShare())
    .executeTakeFirst();
  return row as NodeRow | undefined;
}

export async function hasOpenChildren(db: Database, id: number) {
  const row = await db
    .selectFrom('institutions')
    .where('parentId', '=', id)
    .where('closedAt', 'is', null)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The institution with its breadcrumb in one statement: its ancestors from `scopeRoot` down to its parent,
 * in tree order (empty for the top of the scope).
 */
export async function findDetail(db: Database, id: number, scopeRoot: number) {
  const row = await db
    .selectFrom('institutions as i')
    .select(columns)
    .select((eb) => childCount(eb, false))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('institutions as p')
          .where((w) => w('p.id', '=', w.fn.any('i.ancestors')))
          .whereRef('p.id', '<>', 'i.id')
          .where(sql<boolean>`${sql.ref('p.ancestors')} @> array[${scopeRoot}]::bigint[]`)
          .select(['p.id', 'p.kind', 'p.nameKk', 'p.nameRu', 'p.nameEn'])
          .orderBy(sql`cardinality(${sql.ref('p.ancestors')})`),
      ).as('path'),
    )
    .where('i.id', '=', id)
    .where((eb) => inSubtree(eb, scopeRoot))
    .executeTakeFirst();
  return row as (InstitutionRow & { path: PathItem[] }) | undefined;
}

export async function insertInstitution(
  db: Database,
  values: {
    parentId: number;
    kind: InstitutionKind;
    nameKk: string;
    nameRu: string;
    nameEn: string;
    code: string | null;
    at: Date;
  },
) {
  const { at, ...rest } = values;
  return db
    .insertInto('institutions')
    .values({ ...rest, createdAt: at, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export type InstitutionChanges = Partial<{
  nameKk: string;
  nameRu: string;
  nameEn: string;
  code: string | null;
  parentId: number;
}>;

export async function updateInstitution(db: Database, id: number, set: InstitutionChanges, at: Date) {
  await db
    .updateTable('institutions')
    .set({ ...set, updatedAt: at })
    .where('id', '=', id)
    .execute();
}

export async function closeInstitution(db: Database, id: number, reason: string, at: Date) {
  await db
    .updateTable('institutions')
    .set({ closedAt: at, closedReason: reason, updatedAt: at })
    .where('id', '=', id)
    .execute();
}

/** Memberships in force on `today` (ends_on is the first day without access). */
export async function hasActiveMemberships(db: Database, institutionId: number, today: string) {
  const row = await db
    .selectFrom('memberships as m')
    .where('m.institutionId', '=', institutionId)
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .select('m.id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
