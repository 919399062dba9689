import type { Database } from '../../db/client.js';

/** Whose password it is: the words the policy keeps out of it, and the hash in force now. */
export function findPasswordOwner(db: Database, personId: number) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where('a.personId', '=', personId)
    .select(['a.username', 'a.passwordHash', 'p.surname', 'p.firstName', 'p.patronymic'])
    .executeTakeFirst();
}

/** The newest `limit` hashes the person chose (newest first). */
export async function recentHashes(db: Database, personId: number, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('passwordHistory')
    .where('personId', '=', personId)
    .select('passwordHash')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.passwordHash);
}

/** Records a chosen password and forgets all but the newest `keep` (one statement each, whatever the history). */
export async function rememberHash(db: Database, personId: number, passwordHash: string, at: Date, keep: number) {
  if (keep > 0) await db.insertInto('passwordHistory').values({ personId, passwordHash, createdAt: at }).execute();
  await db
    .deleteFrom('passwordHistory')
    .where('personId', '=', personId)
    .where(
      'id',
      'not in',
      db
        .selectFrom('passwordHistory')
        .where('personId', '=', personId)
        .select('id')
        .orderBy('id', 'desc')
        .limit(Math.max(keep, 0)),
    )
    .execute();
}
