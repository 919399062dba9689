import type { Locale } from '@common/enums.js';
import type { NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import type { Fact } from './deliver.facts.js';
import type { NotificationRow } from './notifications.presenter.js';

/**
 * Who receives what: the recipients of a batch's facts when the notifications are made, and — when a message is
 * sent later — whether the notification is still meant for that person and where to send it. Access is checked
 * both times because it can end in between (membership ended, guardianship removed).
 */

/**
 * Who hears about a student at a school: the student and the parents linked to them there — as things stand when
 * the job runs, not at the save — and only people with an active membership at that school (ended access, user
 * agreement 3.6, stops the flow of the school's data, also by e-mail) who are not deleted.
 */
export async function recipientsOf(db: Database, facts: Fact[], today: string) {
  const schools = [...new Set(facts.map((f) => f.schoolId))];
  const students = [...new Set(facts.flatMap((f) => (f.studentId ? [f.studentId] : [])))];
  const direct = [...new Set(facts.flatMap((f) => (f.personId ? [f.personId] : [])))];
  const links = students.length
    ? await db
        .selectFrom('guardianships as g')
        .where('g.institutionId', 'in', schools)
        .where('g.childPersonId', 'in', students)
        .select(['g.institutionId', 'g.parentPersonId', 'g.childPersonId'])
        .execute()
    : [];
  const candidates = [...new Set([...students, ...direct, ...links.map((l) => l.parentPersonId)])];
  const active = new Set(
    (await activeAt(db, schools, candidates, today)).map((m) => `${m.institutionId}:${m.personId}`),
  );
  const parents = new Map<string, number[]>();
  for (const l of links) {
    const k = `${l.institutionId}:${l.childPersonId}`;
    parents.set(k, [...(parents.get(k) ?? []), l.parentPersonId]);
  }
  return (f: Fact): number[] => {
    const here = (id: number) => active.has(`${f.schoolId}:${id}`);
    if (f.personId) return here(f.personId) ? [f.personId] : [];
    if (!f.studentId || !here(f.studentId)) return [];
    return [f.studentId, ...(parents.get(`${f.schoolId}:${f.studentId}`) ?? []).filter(here)];
  };
}

/** The (institution, person) pairs with an active membership today, of people not deleted. */
function activeAt(db: Database, institutionIds: number[], personIds: number[], today: string) {
  if (institutionIds.length === 0 || personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', 'in', institutionIds)
    .where('m.personId', 'in', personIds)
    .where('m.startsOn', '<=', today)
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('p.deletedAt', 'is', null)
    .select(['m.institutionId', 'm.personId'])
    .distinct()
    .execute();
}

export async function confirmedEmailOwners(db: Database, personIds: number[]) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('contacts')
    .where('personId', 'in', personIds)
    .where('kind', '=', 'email')
    .where('confirmedAt', 'is not', null)
    .select('personId')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.personId));
}

export async function recipientOf(db: Database, personId: number) {
  const [person, addresses] = await Promise.all([
    db
      .selectFrom('persons as p')
      .leftJoin('accounts as a', 'a.personId', 'p.id')
      .where('p.id', '=', personId)
      .where('p.deletedAt', 'is', null)
      .select(['p.firstName', 'a.locale'])
      .executeTakeFirst(),
    db
      .selectFrom('contacts')
      .where('personId', '=', personId)
      .where('kind', '=', 'email')
      .where('confirmedAt', 'is not', null)
      .select('value')
      .orderBy('id')
      .execute(),
  ]);
  if (!person) return null;
  return {
    name: person.firstName,
    locale: (person.locale ?? 'kk') as Locale,
    addresses: addresses.map((a) => a.value),
  };
}

/**
 * Rows still meant for the person when the e-mail goes: they still hold an active membership at the row's school,
 * and the row is their own or about a child still linked to them there.
 */
export async function stillVisible(db: Database, personId: number, rows: NotificationRow[], today: string) {
  const schools = [...new Set(rows.map((r) => r.schoolId))];
  const about = rows.filter((r) => r.studentPersonId !== null && r.studentPersonId !== personId);
  const [links, active] = await Promise.all([
    about.length
      ? db
          .selectFrom('guardianships')
          .where('institutionId', 'in', schools)
          .where('parentPersonId', '=', personId)
          .where('childPersonId', 'in', [...new Set(about.map((r) => r.studentPersonId!))])
          .select(['institutionId', 'childPersonId'])
          .execute()
      : [],
    activeAt(db, schools, [personId], today),
  ]);
  const ok = new Set(links.map((l) => `${l.institutionId}:${l.childPersonId}`));
  const member = new Set(active.map((m) => m.institutionId));
  return rows.filter(
    (r) =>
      member.has(r.schoolId) &&
      (r.studentPersonId === null || r.studentPersonId === personId || ok.has(`${r.schoolId}:${r.studentPersonId}`)),
  );
}

/** The columns the senders read of a notification (what presentAll needs, plus readAt). */
export const rowSelect = [
  'schoolId',
  'id',
  'recipientPersonId',
  'studentPersonId',
  'kind',
  'payload',
  'createdAt',
  'readAt',
] as const;

/**
 * A digest's notifications (e-mail or push): the person's notifications of `kinds` created since `since` that the
 * channel has not dealt with yet (e-mail: not mailed; push: not read), oldest first, at most 100, and only those
 * still meant for the person (stillVisible). The person's schools are read first so the lookup uses the
 * (school, recipient) index.
 */
export async function digestCandidates(
  db: Database,
  personId: number,
  q: { kinds: NotificationKind[]; pending: 'mailedAt' | 'readAt'; since: Date; today: string },
): Promise<NotificationRow[]> {
  const schools = await db
    .selectFrom('memberships')
    .where('personId', '=', personId)
    .where('startsOn', '<=', q.today)
    .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>', q.today)]))
    .select('institutionId')
    .distinct()
    .execute();
  if (schools.length === 0 || q.kinds.length === 0) return [];
  const rows = await db
    .selectFrom('notifications')
    .where(
      'schoolId',
      'in',
      schools.map((m) => m.institutionId),
    )
    .where('recipientPersonId', '=', personId)
    .where('kind', 'in', q.kinds)
    .where(q.pending, 'is', null)
    .where('createdAt', '>=', q.since)
    .select([...rowSelect])
    .orderBy('id')
    .limit(100)
    .execute();
  return stillVisible(
    db,
    personId,
    rows.map((r) => ({ ...r, payload: r.payload as unknown as NotificationRow['payload'] })),
    q.today,
  );
}
