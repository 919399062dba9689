import type { Locale } from '@common/enums.js';
import type { SlipGroup } from '@common/schemas/imports.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { credentialSlips } from '../credentials/slips.service.js';
import { openSlips, sealedSlips } from './apply.state.js';
import { jobOf, managedSchool } from './imports.service.js';

/**
 * Credential slips of an import's new accounts, one PDF per class: the class's new students and the new parents
 * of its students (a parent of children in two classes is printed with the first); the rest (staff, teachers,
 * parents of no class's student) form one more group. The PDF is the credentials module's, which also checks
 * that each password is still the person's current temporary one.
 */

/**
 * Each person's class: a student's own (their open enrolment), else a parent's child's (`via` 1). One query.
 */
async function classOfPeople(db: Database, schoolId: number, personIds: number[]) {
  type Row = { personId: number; classId: number; grade: number; letter: string; via: number };
  if (personIds.length === 0) return new Map<number, Row>();
  const { rows } = await sql<Row>`
    select distinct on (x.person_id) x.person_id as "personId", c.id as "classId", c.grade, c.letter, x.via
      from (
        select e.student_person_id as person_id, e.class_id, e.starts_on, 0 as via
          from class_enrollments e
         where e.school_id = ${schoolId} and e.student_person_id in (${sql.join(personIds)}) and e.ends_on is null
        union all
        select g.parent_person_id, e.class_id, e.starts_on, 1
          from guardianships g
          join class_enrollments e on e.school_id = g.institution_id and e.student_person_id = g.child_person_id
         where g.institution_id = ${schoolId} and g.parent_person_id in (${sql.join(personIds)}) and e.ends_on is null
      ) x
      join classes c on c.school_id = ${schoolId} and c.id = x.class_id
     order by x.person_id, x.via, x.starts_on desc, c.grade, c.letter`.execute(db);
  return new Map(rows.map((r) => [r.personId, r]));
}

export async function slipGroups(db: Database, schoolId: number, personIds: number[]): Promise<SlipGroup[]> {
  const classes = await classOfPeople(db, schoolId, personIds);
  const groups = new Map<number | null, SlipGroup & { sort: string }>();
  for (const id of personIds) {
    const c = classes.get(id);
    const key = c?.classId ?? null;
    const group = groups.get(key) ?? {
      classId: key,
      label: c ? className(c) : null,
      count: 0,
      sort: c ? `${String(c.grade).padStart(2, '0')} ${c.letter}` : '~',
    };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.sort.localeCompare(b.sort)).map(({ sort: _s, ...g }) => g);
}

/** The job's temporary passwords while they may be printed, if this session sealed them (apply.state.ts). */
export async function issuedSlips(db: Database, schoolId: number, jobId: number, now: Date, sessionToken: string) {
  const stored = await sealedSlips(db, schoolId, jobId, now);
  const items = stored ? openSlips(sessionToken, schoolId, jobId, stored.sealed) : null;
  return stored && items ? { expiresAt: stored.expiresAt, items } : null;
}

export async function importSlips(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  query: { classId?: number; perPage: number },
  locale: Locale,
  sessionToken: string,
) {
  const school = managedSchool(actor);
  await jobOf(deps.db, school.id, jobId);
  const now = deps.clock.now();
  const issued = await issuedSlips(deps.db, school.id, jobId, now, sessionToken);
  if (!issued) throw new AppError(410, 'imports.slipsGone');
  const ids = issued.items.map((i) => i.personId);
  const classes = await classOfPeople(deps.db, school.id, ids);
  const wanted = issued.items.filter((i) => (classes.get(i.personId)?.classId ?? undefined) === query.classId);
  if (wanted.length === 0) throw notFound();
  // Only passwords that are still temporary and current (someone may have signed in and changed theirs).
  const accounts = await deps.db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where(
      'a.personId',
      'in',
      wanted.map((w) => w.personId),
    )
    .where('a.passwordIsTemporary', '=', true)
    .where('a.tempPasswordExpiresAt', '>', now)
    .where('p.deletedAt', 'is', null)
    .select(['a.personId', 'a.passwordHash', 'p.surname', 'p.firstName'])
    .execute();
  const byId = new Map(accounts.map((a) => [a.personId, a]));
  const checks = await Promise.all(
    wanted.map(async (w) => {
      const a = byId.get(w.personId);
      return a ? deps.hasher.verify(a.passwordHash, w.password) : false;
    }),
  );
  // Students first, then parents, each alphabetically: the order a class teacher hands them out.
  const printable = wanted
    .filter((_, i) => checks[i])
    .sort((x, y) => {
      const a = byId.get(x.personId)!;
      const b = byId.get(y.personId)!;
      const role = (classes.get(x.personId)?.via ?? 2) - (classes.get(y.personId)?.via ?? 2);
      return role || a.surname.localeCompare(b.surname, 'kk') || a.firstName.localeCompare(b.firstName, 'kk');
    });
  if (printable.length === 0) throw new AppError(410, 'imports.slipsGone');
  return credentialSlips(
    deps,
    actor,
    {
      items: printable.map((w) => ({ personId: w.personId, temporaryPassword: w.password })),
      perPage: query.perPage as 1 | 4 | 8,
    },
    locale,
  );
}
