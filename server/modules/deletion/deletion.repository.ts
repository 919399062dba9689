import type { DeletionReason, EndReason, Locale, Profile } from '@common/enums.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/** The person row, locked until the end of the transaction: two deletions of one person run one after the other. */
export function lockPerson(trx: Database, personId: number) {
  return trx
    .selectFrom('persons')
    .where('id', '=', personId)
    .select(['id', 'deletedAt'])
    .forUpdate()
    .executeTakeFirst();
}

export async function markDeleted(trx: Database, personId: number, reason: DeletionReason, at: Date) {
  await trx
    .updateTable('persons')
    .set({ deletedAt: at, deletionReason: reason, updatedAt: at })
    .where('id', '=', personId)
    .execute();
  await trx
    .updateTable('accounts')
    .set({ status: 'disabled', updatedAt: at })
    .where('personId', '=', personId)
    .execute();
  // The secret calendar feed stops at once (the purge deletes it later).
  await trx
    .updateTable('calendarFeeds')
    .set({ revokedAt: at })
    .where('personId', '=', personId)
    .where('revokedAt', 'is', null)
    .execute();
}

export interface OpenMembership {
  id: number;
  institutionId: number;
  profile: Profile;
  endsOn: string | null;
  endReason: EndReason | null;
}

/**
 * Ends every membership not yet ended on `today` (a future one too: it ends the day it would start) and returns
 * them as they were before, for the audit log.
 */
export async function endOpenMemberships(trx: Database, personId: number, today: string, at: Date) {
  const open = (await trx
    .selectFrom('memberships')
    .where('personId', '=', personId)
    .where((eb) => eb.or([eb('endsOn', 'is', null), eb('endsOn', '>', today)]))
    .select(['id', 'institutionId', 'profile', 'endsOn', 'endReason'])
    .forUpdate()
    .execute()) as OpenMembership[];
  if (open.length === 0) return { before: open, after: [] };
  const after = await trx
    .updateTable('memberships')
    .set({
      endsOn: sql<string>`greatest(starts_on, ${today}::date)`,
      endReason: 'profile_deleted',
      updatedAt: at,
    })
    .where('personId', '=', personId)
    .where(
      'id',
      'in',
      open.map((m) => m.id),
    )
    .returning(['id', 'endsOn'])
    .execute();
  return { before: open, after };
}

/** Every institution where the person holds or held a membership (where the deletion is recorded). */
export async function institutionsOfPerson(db: Database, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships')
    .where('personId', '=', personId)
    .select('institutionId')
    .distinct()
    .execute();
  return rows.map((r) => r.institutionId);
}

export function accountHash(db: Database, personId: number) {
  return db.selectFrom('accounts').where('personId', '=', personId).select('passwordHash').executeTakeFirst();
}

export interface AdminToNotify {
  personId: number;
  email: string;
  locale: Locale;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/**
 * Administrators in force today at these institutions who have an e-mail address (the person themself
 * excluded), one row per administrator and institution.
 */
export async function administratorsOf(
  db: Database,
  institutionIds: number[],
  exceptPersonId: number,
  today: string,
): Promise<AdminToNotify[]> {
  if (institutionIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .innerJoin('accounts as a', 'a.personId', 'm.personId')
    .where('m.institutionId', 'in', institutionIds)
    .where('m.isAdmin', '=', true)
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .where('m.personId', '<>', exceptPersonId)
    .where('p.deletedAt', 'is', null)
    .where('p.email', 'is not', null)
    .where('a.status', '=', 'active')
    .select(['p.id as personId', 'p.email', 'a.locale', 'i.nameKk', 'i.nameRu', 'i.nameEn'])
    .distinct()
    .orderBy('p.id')
    .execute();
  return rows as AdminToNotify[];
}
