import type { InstitutionKind, Profile, SchoolRole } from '@common/enums.js';
import type { Database } from '../db/client.js';
import { REGION_IDS } from '../db/migrations/0002_reference_institutions.js';
import type { PasswordHasher } from '../lib/password.js';

/**
 * Test data straight into the database (fast, no HTTP): the HTTP paths are what the tests exercise.
 * Every factory makes fresh, uniquely named rows, so tests in one file never depend on each other.
 */
export const TEST_PASSWORD = 'correct horse battery staple';
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

const hashCache = new WeakMap<PasswordHasher, Promise<string>>();
function passwordHash(hasher: PasswordHasher) {
  let h = hashCache.get(hasher);
  if (!h) {
    h = hasher.hash(TEST_PASSWORD);
    hashCache.set(hasher, h);
  }
  return h;
}

export async function createInstitution(
  db: Database,
  parentId: number,
  kind: InstitutionKind,
  name = `${kind} ${unique()}`,
): Promise<{ id: number; ancestors: number[] }> {
  const row = await db
    .insertInto('institutions')
    .values({ parentId, kind, nameKk: `${name} kk`, nameRu: `${name} ru`, nameEn: name })
    .returning(['id', 'ancestors'])
    .executeTakeFirstOrThrow();
  return row;
}

export interface TestPerson {
  personId: number;
  username: string;
  password: string;
  membershipId: number;
  institutionId: number;
}

export async function createPerson(
  db: Database,
  hasher: PasswordHasher,
  opts: {
    institutionId: number;
    profile: Profile;
    isAdmin?: boolean;
    roles?: SchoolRole[];
    surname?: string;
    firstName?: string;
    birthDate?: string;
    iin?: string | null;
    startsOn?: string;
  },
): Promise<TestPerson> {
  const username = `u${unique()}`.slice(0, 40);
  const person = await db
    .insertInto('persons')
    .values({
      surname: opts.surname ?? `Surname${unique()}`,
      firstName: opts.firstName ?? 'Test',
      birthDate: opts.birthDate ?? (opts.profile === 'student' ? '2012-05-04' : '1985-03-02'),
      gender: 'female',
      iin: opts.iin ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('accounts')
    .values({
      personId: person.id,
      username,
      passwordHash: await passwordHash(hasher),
      passwordIsTemporary: false,
      // Registered, with no recorded password age: tests that need expiry set passwordChangedAt themselves.
      registeredAt: new Date('2026-09-01T00:00:00Z'),
    })
    .execute();
  const m = await db
    .insertInto('memberships')
    .values({
      institutionId: opts.institutionId,
      personId: person.id,
      profile: opts.profile,
      roles: opts.roles ?? [],
      isAdmin: opts.isAdmin ?? false,
      startsOn: opts.startsOn ?? '2020-09-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    personId: person.id,
    username,
    password: TEST_PASSWORD,
    membershipId: m.id,
    institutionId: opts.institutionId,
  };
}

export async function linkGuardian(db: Database, institutionId: number, parentPersonId: number, childPersonId: number) {
  await db
    .insertInto('guardianships')
    .values({ institutionId, parentPersonId, childPersonId, relation: 'mother' })
    .execute();
}

/**
 * A whole tenant: region (an existing one) → district → school, with people of every profile at each
 * level. Cross-tenant tests build two of these and aim one's actors at the other's resources.
 */
export async function createTenant(db: Database, hasher: PasswordHasher, regionId: number = REGION_IDS[0]!) {
  const region = await db
    .selectFrom('institutions')
    .where('id', '=', regionId)
    .select(['id', 'ancestors'])
    .executeTakeFirstOrThrow();
  const district = await createInstitution(db, region.id, 'district');
  const school = await createInstitution(db, district.id, 'school');
  const p = (institutionId: number, profile: Profile, extra: Partial<Parameters<typeof createPerson>[2]> = {}) =>
    createPerson(db, hasher, { institutionId, profile, ...extra });
  const people = {
    regionAdmin: await p(region.id, 'regional_employee', { isAdmin: true }),
    regionStaff: await p(region.id, 'regional_employee'),
    districtAdmin: await p(district.id, 'district_employee', { isAdmin: true }),
    districtStaff: await p(district.id, 'district_employee'),
    schoolAdmin: await p(school.id, 'school_employee', { isAdmin: true, roles: ['deputy_director'] }),
    teacher: await p(school.id, 'school_employee', { roles: ['teacher'] }),
    student: await p(school.id, 'student', { iin: null }),
    parent: await p(school.id, 'parent'),
  };
  await linkGuardian(db, school.id, people.parent.personId, people.student.personId);
  return { region, district, school, people };
}
export type Tenant = Awaited<ReturnType<typeof createTenant>>;
