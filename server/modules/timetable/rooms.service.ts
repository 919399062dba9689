import type { Room, RoomCreate, RoomUpdate } from '@common/schemas/timetable.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { schoolFor } from './timetable.access.js';
import { presentRoom } from './timetable.presenter.js';

/**
 * A school's rooms. They outlive years (the same classrooms every year), so no year check; an archived room
 * is kept for the entries and lessons that name it but cannot be chosen for new ones.
 */
const columns = ['id', 'name', 'capacity', 'archivedAt'] as const;

export async function listRooms(deps: AppDeps, actor: Actor, includeArchived: boolean): Promise<Room[]> {
  const school = schoolFor(actor, 'school.read');
  let q = deps.db.selectFrom('rooms').where('schoolId', '=', school.id).select(columns).orderBy('name');
  if (!includeArchived) q = q.where('archivedAt', 'is', null);
  return (await q.execute()).map(presentRoom);
}

async function nameTaken(trx: Database, schoolId: number, name: string, exceptId?: number) {
  let q = trx.selectFrom('rooms').where('schoolId', '=', schoolId).where('name', '=', name).select('id');
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function createRoom(deps: AppDeps, actor: Actor, input: RoomCreate, origin: AuditOrigin): Promise<Room> {
  const school = schoolFor(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    if (await nameTaken(trx, school.id, input.name)) throw conflict('timetable.roomNameTaken');
    const row = await trx
      .insertInto('rooms')
      .values({ schoolId: school.id, name: input.name, capacity: input.capacity ?? null })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'room.created',
      subjectType: 'room',
      subjectId: row.id,
      after: { name: row.name, capacity: row.capacity },
    });
    return presentRoom(row);
  });
}

async function lockRoom(trx: Database, schoolId: number, id: number) {
  const row = await trx
    .selectFrom('rooms')
    .where('schoolId', '=', schoolId)
    .where('id', '=', id)
    .select(columns)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function updateRoom(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: RoomUpdate,
  origin: AuditOrigin,
): Promise<Room> {
  const school = schoolFor(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockRoom(trx, school.id, id);
    if (input.name !== undefined && (await nameTaken(trx, school.id, input.name, id))) {
      throw conflict('timetable.roomNameTaken');
    }
    const row = await trx
      .updateTable('rooms')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      })
      .where('schoolId', '=', school.id)
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'room.updated',
      subjectType: 'room',
      subjectId: id,
      before: { name: before.name, capacity: before.capacity },
      after: { name: row.name, capacity: row.capacity },
    });
    return presentRoom(row);
  });
}

export async function archiveRoom(deps: AppDeps, actor: Actor, id: number, origin: AuditOrigin): Promise<Room> {
  const school = schoolFor(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockRoom(trx, school.id, id);
    if (before.archivedAt !== null) throw conflict('timetable.roomAlreadyArchived');
    const row = await trx
      .updateTable('rooms')
      .set({ archivedAt: origin.at })
      .where('schoolId', '=', school.id)
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'room.archived',
      subjectType: 'room',
      subjectId: id,
      before: { name: before.name },
    });
    return presentRoom(row);
  });
}
