import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { NotificationRow, StoredPayload } from './notifications.presenter.js';

/**
 * The bell's reads. A person reads their notifications at the schools (institutions) of their active memberships —
 * a parent at each child's school, as the diary does — and only while the notification's student is still theirs:
 * the student themself or a child still linked to them at that school (an unlinked parent stops seeing the child's
 * notifications at once, not only new ones).
 */
function visible(db: Database, personId: number, institutionIds: number[]) {
  return db
    .selectFrom('notifications as n')
    .where('n.schoolId', 'in', institutionIds.length ? institutionIds : [0])
    .where('n.recipientPersonId', '=', personId)
    .where('n.inApp', '=', true)
    .where((eb) =>
      eb.or([
        eb('n.studentPersonId', 'is', null),
        eb('n.studentPersonId', '=', personId),
        eb.exists(
          eb
            .selectFrom('guardianships as g')
            .whereRef('g.institutionId', '=', 'n.schoolId')
            .where('g.parentPersonId', '=', personId)
            .whereRef('g.childPersonId', '=', 'n.studentPersonId')
            .select(sql`1`.as('one')),
        ),
      ]),
    );
}

export async function listNotifications(
  db: Database,
  personId: number,
  institutionIds: number[],
  q: { limit: number; before?: number; unreadOnly: boolean },
): Promise<NotificationRow[]> {
  let query = visible(db, personId, institutionIds);
  if (q.before) query = query.where('n.id', '<', q.before);
  if (q.unreadOnly) query = query.where('n.readAt', 'is', null);
  const rows = await query
    .select([
      'n.schoolId',
      'n.id',
      'n.recipientPersonId',
      'n.studentPersonId',
      'n.kind',
      'n.payload',
      'n.createdAt',
      'n.readAt',
    ])
    .orderBy('n.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return rows.map((r) => ({ ...r, payload: r.payload as unknown as StoredPayload }));
}

export async function unreadCount(db: Database, personId: number, institutionIds: number[]) {
  const row = await visible(db, personId, institutionIds)
    .where('n.readAt', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one visible notification read; false when there is none with that id for this person (→ 404). */
export async function markRead(db: Database, personId: number, institutionIds: number[], id: number, at: Date) {
  const found = await visible(db, personId, institutionIds)
    .where('n.id', '=', id)
    .select(['n.schoolId', 'n.readAt'])
    .executeTakeFirst();
  if (!found) return false;
  if (found.readAt === null) {
    await db
      .updateTable('notifications')
      .set({ readAt: at })
      .where('schoolId', '=', found.schoolId)
      .where('id', '=', id)
      .where('readAt', 'is', null)
      .execute();
  }
  return true;
}

export async function markAllRead(db: Database, personId: number, institutionIds: number[], at: Date) {
  const result = await db
    .updateTable('notifications')
    .set({ readAt: at })
    .where('schoolId', 'in', institutionIds.length ? institutionIds : [0])
    .where('recipientPersonId', '=', personId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
