import type { EndReason, InstitutionKind, Profile, Relation, SchoolRole } from '@common/enums.js';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/client.js';

/** The joined `institutions` row lies in the subtree of `root`: the GIN-indexed containment test on its path. */
const inSubtree = (root: number) => sql<boolean>`${sql.ref('institutions.ancestors')} @> array[${root}]::bigint[]`;

/** The joined membership is not ended as of `today` (ends_on is the first day without access), its institution open. */
const current = (today: string) =>
  sql<boolean>`(${sql.ref('memberships.endsOn')} is null or ${sql.ref('memberships.endsOn')} > ${today}) and ${sql.ref('institutions.closedAt')} is null`;

export interface InstitutionRow {
  id: number;
  kind: InstitutionKind;
  ancestors: number[];
  closedAt: Date | null;
}

export function findInstitution(db: Database, id: number): Promise<InstitutionRow | undefined> {
  return db
    .selectFrom('institutions')
    .where('id', '=', id)
    .select(['id', 'kind', 'ancestors', 'closedAt'])
    .executeTakeFirst();
}

export interface PersonRow {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: 'male' | 'female';
  iin: string | null;
  email: string | null;
  phone: string | null;
  username: string | null;
}

export function findPerson(db: Database, id: number): Promise<PersonRow | undefined> {
  return db
    .selectFrom('persons as p')
    .leftJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.id', '=', id)
    .where('p.deletedAt', 'is', null)
    .select([
      'p.id',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.birthDate',
      'p.gender',
      'p.iin',
      'p.email',
      'p.phone',
      'a.username',
    ])
    .executeTakeFirst();
}

export interface MembershipRow {
  id: number;
  personId: number;
  institutionId: number;
  institutionKind: InstitutionKind;
  ancestors: number[];
  nameKk: string;
  nameRu: string;
  nameEn: string;
  closedAt: Date | null;
  profile: Profile;
  roles: SchoolRole[];
  isAdmin: boolean;
  position: string | null;
  startsOn: string;
  endsOn: string | null;
  endReason: EndReason | null;
}

function membershipQuery(db: Database) {
  return db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institutionId')
    .select([
      'memberships.id',
      'memberships.personId',
      'memberships.institutionId',
      'institutions.kind as institutionKind',
      'institutions.ancestors',
      'institutions.nameKk',
      'institutions.nameRu',
      'institutions.nameEn',
      'institutions.closedAt',
      'memberships.profile',
      'memberships.roles',
      'memberships.isAdmin',
      'memberships.position',
      'memberships.startsOn',
      'memberships.endsOn',
      'memberships.endReason',
    ]);
}

/** Every membership of a person, ended ones too (policies decide which the caller may see). */
export async function listMembershipsOfPerson(db: Database, personId: number): Promise<MembershipRow[]> {
  const rows = await membershipQuery(db)
    .where('memberships.personId', '=', personId)
    .orderBy(sql`memberships.ends_on is null`, 'desc')
    .orderBy('memberships.startsOn', 'desc')
    .orderBy('memberships.id')
    .execute();
  return rows as MembershipRow[];
}

/** One membership by id (a seek on memberships_id_key; the caller checks it is in scope). */
export async function findMembership(db: Database, id: number): Promise<MembershipRow | undefined> {
  const row = await membershipQuery(db).where('memberships.id', '=', id).executeTakeFirst();
  return row as MembershipRow | undefined;
}

export interface RelativeRow {
  institutionId: number;
  ancestors: number[];
  parentPersonId: number;
  childPersonId: number;
  relation: Relation;
  personId: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
}

/** The person's parent–child links in schools of the `root` subtree, with the other side's name. */
export async function listRelatives(db: Database, personId: number, root: number): Promise<RelativeRow[]> {
  const rows = await db
    .selectFrom('guardianships as g')
    .innerJoin('institutions', 'institutions.id', 'g.institutionId')
    .innerJoin('persons as o', (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb('g.childPersonId', '=', personId), eb('o.id', '=', eb.ref('g.parentPersonId'))]),
          eb.and([eb('g.parentPersonId', '=', personId), eb('o.id', '=', eb.ref('g.childPersonId'))]),
        ]),
      ),
    )
    .where((eb) => eb.or([eb('g.childPersonId', '=', personId), eb('g.parentPersonId', '=', personId)]))
    .where(inSubtree(root))
    .where('o.deletedAt', 'is', null)
    .select([
      'g.institutionId',
      'institutions.ancestors',
      'g.parentPersonId',
      'g.childPersonId',
      'g.relation',
      'o.id as personId',
      'o.surname',
      'o.firstName',
      'o.patronymic',
    ])
    .orderBy('o.surname')
    .orderBy('o.firstName')
    .orderBy('o.id')
    .execute();
  return rows;
}

export function guardianshipExists(db: Database, institutionId: number, parentPersonId: number, childPersonId: number) {
  return db
    .selectFrom('guardianships')
    .where('institutionId', '=', institutionId)
    .where('parentPersonId', '=', parentPersonId)
    .where('childPersonId', '=', childPersonId)
    .select('relation')
    .executeTakeFirst()
    .then(Boolean);
}

export interface ListFilter {
  /** Subtree whose people are listed (the actor's scope, or an institution inside it). */
  root: number;
  today: string;
  /** Whitespace-separated terms; each must match surname, first name, patronymic or username. */
  terms: string[];
  /** A full IIN the caller may search by (administrators only): matched exactly. */
  iin: string | null;
  profile: Profile | undefined;
  includeEnded: boolean;
  limit: number;
  offset: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** People with a membership in the subtree: current ones unless includeEnded. Shared by items and total. */
function listBase(db: Database, f: ListFilter) {
  return db
    .selectFrom('persons as p')
    .leftJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.deletedAt', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships')
          .innerJoin('institutions', 'institutions.id', 'memberships.institutionId')
          .whereRef('memberships.personId', '=', 'p.id')
          .where(inSubtree(f.root))
          .$if(!f.includeEnded, (q) => q.where(current(f.today)))
          .$if(f.profile !== undefined, (q) => q.where('memberships.profile', '=', f.profile!))
          .select(sql`1`.as('one')),
      ),
    )
    .$if(f.iin !== null, (q) => q.where('p.iin', '=', f.iin))
    .$if(f.iin === null && f.terms.length > 0, (q) =>
      q.where((eb) =>
        eb.and(
          f.terms.map((term) => {
            const pattern = `%${likeEscape(term)}%`;
            return eb.or([
              eb('p.surname', 'ilike', pattern),
              eb('p.firstName', 'ilike', pattern),
              eb('p.patronymic', 'ilike', pattern),
              eb('a.username', 'ilike', pattern),
            ]);
          }),
        ),
      ),
    );
}

export interface ListedPersonRow extends Omit<PersonRow, 'email' | 'phone' | 'username'> {
  profiles: Profile[];
  /** Institutions in the subtree where the person holds any membership (what IIN visibility is judged on). */
  institutions: Array<{ id: number; ancestors: number[] }>;
}

/** One page of people, profiles and institutions aggregated per row in the same statement. */
export async function listPersons(db: Database, f: ListFilter): Promise<ListedPersonRow[]> {
  const rows = await listBase(db, f)
    .select(['p.id', 'p.surname', 'p.firstName', 'p.patronymic', 'p.birthDate', 'p.gender', 'p.iin'])
    .select((eb) => [
      sql<Profile[]>`array(${eb
        .selectFrom('memberships')
        .innerJoin('institutions', 'institutions.id', 'memberships.institutionId')
        .whereRef('memberships.personId', '=', 'p.id')
        .where(inSubtree(f.root))
        .where(current(f.today))
        .select('memberships.profile')
        .distinct()
        .orderBy('memberships.profile')})`.as('profiles'),
      jsonArrayFrom(
        eb
          .selectFrom('memberships')
          .innerJoin('institutions', 'institutions.id', 'memberships.institutionId')
          .whereRef('memberships.personId', '=', 'p.id')
          .where(inSubtree(f.root))
          .select(['institutions.id', 'institutions.ancestors'])
          .distinct(),
      ).as('institutions'),
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return rows as ListedPersonRow[];
}

export async function countPersons(db: Database, f: ListFilter): Promise<number> {
  const row = await listBase(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The person holding this IIN, if any. A deleted profile no longer holds it (the unique index skips deleted rows,
 * migration 0007): the same child may be enrolled again before the old profile's data is purged.
 */
export function findIinHolder(db: Database, iin: string) {
  return db.selectFrom('persons').where('iin', '=', iin).where('deletedAt', 'is', null).select('id').executeTakeFirst();
}

/** Usernames already taken among `base`, `base2`, `base3`… of every given base: one query for all the families. */
export async function takenUsernames(db: Database, bases: readonly string[]): Promise<Set<string>> {
  if (bases.length === 0) return new Set();
  const rows = await db
    .selectFrom('accounts')
    .where((eb) => eb.or(bases.map((base) => eb('username', 'like', `${likeEscape(base)}%`))))
    .select('username')
    .execute();
  return new Set(rows.map((r) => r.username));
}

/** Active duplicates: same person, institution and profile, not ended. */
export function findOpenMembership(
  db: Database,
  personId: number,
  institutionId: number,
  profile: Profile,
  today: string,
) {
  return db
    .selectFrom('memberships')
    .where('institutionId', '=', institutionId)
    .where('personId', '=', personId)
    .where('profile', '=', profile)
    .where((eb) => eb.or([eb('endsOn', 'is', null), eb('endsOn', '>', today)]))
    .select('id')
    .executeTakeFirst();
}
