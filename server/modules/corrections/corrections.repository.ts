import type { Database } from '../../db/client.js';
import type { CorrectionValues } from '../../db/tables/registration.js';

/** The five fields a person checks at registration, as stored on persons. */
export function findCheckedData(db: Database, personId: number) {
  return db
    .selectFrom('persons')
    .where('id', '=', personId)
    .select(['id', 'surname', 'firstName', 'patronymic', 'birthDate', 'gender', 'iin'])
    .executeTakeFirst();
}
export type CheckedRow = NonNullable<Awaited<ReturnType<typeof findCheckedData>>>;

/** Institutions where the person holds a current (or upcoming) membership: where a request is filed. */
export async function institutionsOfPerson(db: Database, personId: number, today: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('m.personId', '=', personId)
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('i.closedAt', 'is', null)
    .select('m.institutionId')
    .distinct()
    .orderBy('m.institutionId')
    .execute();
  return rows.map((r) => r.institutionId);
}

/** How many distinct requests of this person are still open (a person cannot flood the administrators). */
export async function countOpenRequests(db: Database, personId: number) {
  const row = await db
    .selectFrom('correctionRequests as c')
    .where('c.institutionId', 'in', (eb) =>
      eb.selectFrom('memberships as m').where('m.personId', '=', personId).select('m.institutionId'),
    )
    .where('c.personId', '=', personId)
    .where('c.status', '=', 'open')
    .select((eb) => eb.fn.count<number>('c.requestKey').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRequests(
  db: Database,
  rows: Array<{
    institutionId: number;
    requestKey: string;
    personId: number;
    current: CorrectionValues;
    proposed: CorrectionValues;
    comment: string | null;
    createdAt: Date;
  }>,
) {
  return db
    .insertInto('correctionRequests')
    .values(
      rows.map((r) => ({
        institutionId: r.institutionId,
        requestKey: r.requestKey,
        personId: r.personId,
        currentValues: JSON.stringify(r.current),
        proposedValues: JSON.stringify(r.proposed),
        comment: r.comment,
        createdAt: r.createdAt,
      })),
    )
    .returning(['id', 'institutionId'])
    .execute();
}

const requestColumns = [
  'c.id',
  'c.institutionId',
  'c.requestKey',
  'c.personId',
  'c.currentValues',
  'c.proposedValues',
  'c.comment',
  'c.status',
  'c.answer',
  'c.createdAt',
  'c.resolvedAt',
] as const;

/**
 * The person's own requests, one per request (the copies filed at several institutions share a key and a
 * status), newest first. Looked up through the person's institutions so the query stays institution-led.
 */
export async function listOwnRequests(db: Database, personId: number) {
  const rows = await db
    .selectFrom('correctionRequests as c')
    .where('c.institutionId', 'in', (eb) =>
      eb.selectFrom('memberships as m').where('m.personId', '=', personId).select('m.institutionId'),
    )
    .where('c.personId', '=', personId)
    .distinctOn('c.requestKey')
    .select(requestColumns)
    .orderBy('c.requestKey')
    .orderBy('c.id')
    .limit(100)
    .execute();
  return rows.sort((a, b) => b.id - a.id);
}

/** Requests of one institution with the requester's and resolver's names. */
function institutionQuery(db: Database, institutionId: number) {
  return db
    .selectFrom('correctionRequests as c')
    .innerJoin('persons as p', 'p.id', 'c.personId')
    .leftJoin('persons as r', 'r.id', 'c.resolvedBy')
    .where('c.institutionId', '=', institutionId);
}
const nameColumns = [
  'p.surname',
  'p.firstName',
  'p.patronymic',
  'r.surname as resolverSurname',
  'r.firstName as resolverFirstName',
] as const;

/** One institution's queue, newest first, and how many there are in all. */
export function listInstitutionRequests(
  db: Database,
  opts: { institutionId: number; status?: 'open' | 'resolved' | 'rejected'; limit: number; offset: number },
) {
  let q = institutionQuery(db, opts.institutionId);
  if (opts.status) q = q.where('c.status', '=', opts.status);
  return Promise.all([
    q
      .select(requestColumns)
      .select(nameColumns)
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
}
export type InstitutionRequestRow = Awaited<ReturnType<typeof listInstitutionRequests>>[0][number];

export function findInstitutionRequest(db: Database, institutionId: number, id: number) {
  return institutionQuery(db, institutionId)
    .where('c.id', '=', id)
    .select(requestColumns)
    .select(nameColumns)
    .executeTakeFirstOrThrow();
}

/** A request by id (ids are unique across institutions), without its names. */
export function findRequest(db: Database, id: number) {
  return db.selectFrom('correctionRequests as c').where('c.id', '=', id).select(requestColumns).executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** Closes every still-open copy of a request; returns the institutions whose copy was closed now. */
export async function closeRequest(
  db: Database,
  requestKey: string,
  values: { status: 'resolved' | 'rejected'; answer: string | null; resolvedBy: number; resolvedAt: Date },
) {
  const rows = await db
    .updateTable('correctionRequests')
    .set(values)
    .where('requestKey', '=', requestKey)
    .where('status', '=', 'open')
    .returning(['id', 'institutionId'])
    .execute();
  return rows;
}
