import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

const versionColumns = [
  'v.id',
  'v.label',
  'v.textKk',
  'v.textRu',
  'v.textEn',
  'v.changesKk',
  'v.changesRu',
  'v.changesEn',
  'v.createdAt',
  'v.publishedAt',
] as const;

/** The version people accept now: the newest published one (none before the first publication). */
export function findCurrentVersion(db: Database) {
  return db
    .selectFrom('agreementVersions as v')
    .where('v.publishedAt', 'is not', null)
    .orderBy('v.publishedAt', 'desc')
    .orderBy('v.id', 'desc')
    .limit(1)
    .select(versionColumns)
    .executeTakeFirst();
}
export type VersionRow = NonNullable<Awaited<ReturnType<typeof findCurrentVersion>>>;

export function findVersion(db: Database, id: number) {
  return db.selectFrom('agreementVersions as v').where('v.id', '=', id).select(versionColumns).executeTakeFirst();
}

/** Drafts first, then published versions newest first. */
export function listVersions(db: Database) {
  return db
    .selectFrom('agreementVersions as v')
    .select(versionColumns)
    .orderBy(sql`v.published_at desc nulls first`)
    .orderBy('v.id', 'desc')
    .limit(500)
    .execute();
}

export function labelTaken(db: Database, label: string) {
  return db
    .selectFrom('agreementVersions')
    .where(sql<boolean>`lower(label) = lower(${label})`)
    .select('id')
    .executeTakeFirst();
}

/** Stamps a draft as published; undefined when it was published already (or never existed). */
export function markPublished(db: Database, id: number, by: number, at: Date) {
  return db
    .updateTable('agreementVersions')
    .set({ publishedAt: at, publishedBy: by })
    .where('id', '=', id)
    .where('publishedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Records an acceptance; false when this person had accepted this version already. */
export async function insertAcceptance(
  db: Database,
  row: { personId: number; versionId: number; acceptedAt: Date; ip: string | null; userAgent: string | null },
) {
  const inserted = await db
    .insertInto('agreementAcceptances')
    .values(row)
    .onConflict((oc) => oc.columns(['personId', 'versionId']).doNothing())
    .returning('personId')
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface AcceptanceCursor {
  personId: number;
  versionId: number;
}

/**
 * One page of the acceptance history in (person, version) order. With `root`, only people holding a current
 * membership in that institution's subtree; without it, everyone (the Ministry's export).
 */
export function acceptancePage(
  db: Database,
  opts: { root: number | null; versionId?: number; after: AcceptanceCursor | null; limit: number; today: string },
) {
  let q = db
    .selectFrom('agreementAcceptances as aa')
    .innerJoin('agreementVersions as v', 'v.id', 'aa.versionId')
    .innerJoin('persons as p', 'p.id', 'aa.personId')
    .leftJoin('accounts as a', 'a.personId', 'aa.personId')
    .select([
      'aa.personId',
      'aa.versionId',
      'v.label',
      'aa.acceptedAt',
      'aa.ip',
      'aa.userAgent',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'a.username',
    ])
    .orderBy('aa.personId')
    .orderBy('aa.versionId')
    .limit(opts.limit);
  if (opts.versionId !== undefined) q = q.where('aa.versionId', '=', opts.versionId);
  const after = opts.after;
  if (after) {
    q = q.where((eb) => eb(eb.refTuple('aa.personId', 'aa.versionId'), '>', eb.tuple(after.personId, after.versionId)));
  }
  const root = opts.root;
  if (root !== null) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .innerJoin('institutions as i', 'i.id', 'm.institutionId')
          .whereRef('m.personId', '=', 'aa.personId')
          .where(sql<boolean>`${sql.ref('i.ancestors')} @> array[${root}]::bigint[]`)
          .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', opts.today)]))
          .where('i.closedAt', 'is', null)
          .select('m.id'),
      ),
    );
  }
  return q.execute();
}
export type AcceptanceRow = Awaited<ReturnType<typeof acceptancePage>>[number];
