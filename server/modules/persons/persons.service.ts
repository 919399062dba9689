import type {
  PersonCreate,
  PersonDetail,
  PersonListQuery,
  PersonSummary,
  PersonUpdate,
} from '@common/schemas/persons.js';
import { usernameBase } from '@common/transliterate.js';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow, type InstitutionRef, scopeRoot } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { endAllSessions } from '../auth/session.repository.js';
import { checkMembershipShape, manageableInstitution } from './memberships.rules.js';
import {
  checkBirthDate,
  checkIinAgrees,
  checkIinFree,
  freeUsername,
  temporaryCredential,
  uniqueViolation,
} from './person.rules.js';
import { institutionsInScope, isCurrent, loadPersonAccess, refOf } from './persons.access.js';
import { presentDetail, presentIin, presentSummary } from './persons.presenter.js';
import {
  countPersons,
  findInstitution,
  type ListFilter,
  listPersons,
  listRelatives,
  type PersonRow,
} from './persons.repository.js';

const today = (deps: AppDeps) => localDate(deps.clock.now());
const sortedUnique = <T extends string>(xs: T[]) => [...new Set(xs)].sort();

// ---------------------------------------------------------------------------------------------- reading

export async function listPeople(deps: AppDeps, actor: Actor, query: PersonListQuery) {
  const ctx = actor.context;
  const contextRef: InstitutionRef | null = ctx ? { id: ctx.institutionId, ancestors: ctx.ancestors } : null;
  // Parents and students (and anyone without a membership) may not browse people at all.
  if (!contextRef || !allow(actor, 'person.list', contextRef)) throw forbidden();
  let root = contextRef;
  if (query.institutionId !== undefined) {
    const inst = await findInstitution(deps.db, query.institutionId);
    const ref = inst ? { id: inst.id, ancestors: inst.ancestors } : null;
    if (!ref || !allow(actor, 'institution.read', ref)) throw notFound();
    if (!allow(actor, 'person.list', ref)) throw forbidden();
    root = ref;
  }
  const q = query.q?.trim() ?? '';
  // A full IIN finds its holder, but only for someone who may see IINs: for anyone else a search by IIN
  // would confirm whose number it is, which the mask exists to prevent.
  const byIin = /^\d{12}$/.test(q) && allow(actor, 'person.viewIin', root) ? q : null;
  const filter: ListFilter = {
    root: root.id,
    today: today(deps),
    terms: q.split(/\s+/).filter(Boolean).slice(0, 5),
    iin: byIin,
    profile: query.profile,
    includeEnded: query.includeEnded,
    limit: query.limit,
    offset: query.offset,
  };
  const [rows, total] = await Promise.all([listPersons(deps.db, filter), countPersons(deps.db, filter)]);
  const items: PersonSummary[] = rows.map((row) =>
    presentSummary(
      row,
      row.institutions.some((i) => allow(actor, 'person.viewIin', { id: i.id, ancestors: i.ancestors })),
    ),
  );
  return { items, total };
}

/** A person as this actor may see them (404 when they may not see them at all). */
export async function getPersonDetail(deps: AppDeps, actor: Actor, personId: number): Promise<PersonDetail> {
  const day = today(deps);
  const access = await loadPersonAccess(deps.db, actor, personId, day);
  const root = scopeRoot(actor);
  const links = root === null ? [] : await listRelatives(deps.db, personId, root);
  return presentDetail({
    person: access.person,
    memberships: access.shown,
    activeProfiles: sortedUnique(access.shown.filter((m) => isCurrent(m, day)).map((m) => m.profile)),
    // Staff see every link in their scope; a parent or student only the links they are part of themselves.
    relatives: links.filter(
      (r) =>
        allow(actor, 'person.readAny', refOf(r)) ||
        r.parentPersonId === actor.personId ||
        r.childPersonId === actor.personId,
    ),
    iinInFull: access.viewIin,
    // The username is what an administrator hands out with a new password; one's own is no secret either.
    showUsername: access.canManage || access.self,
    canManage: access.canManage,
  });
}

// ---------------------------------------------------------------------------------------------- writing

/**
 * Person + account (generated username, temporary password) + first membership + audit, in one
 * transaction: a refusal at any step leaves nothing behind. The password is in the answer and nowhere else.
 */
export async function createPerson(deps: AppDeps, actor: Actor, input: PersonCreate, origin: AuditOrigin) {
  const day = localDate(origin.at);
  const inst = await manageableInstitution(deps.db, actor, input.membership.institutionId);
  const membership = checkMembershipShape(inst.kind, input.membership);
  checkBirthDate(input.birthDate, day);
  checkIinAgrees(input.iin, input.birthDate, input.gender);
  await checkIinFree(deps.db, input.iin, null);

  const credential = await temporaryCredential(deps, origin.at);
  const base = usernameBase(input.surname, input.firstName);
  const iin = input.iin || null;

  // Two creations racing for the same username: the loser's transaction rolls back and tries the next number.
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await deps.db.transaction().execute(async (trx) => {
        const username = await freeUsername(trx, base);
        const person = await trx
          .insertInto('persons')
          .values({
            surname: input.surname,
            firstName: input.firstName,
            patronymic: input.patronymic ?? null,
            birthDate: input.birthDate,
            gender: input.gender,
            iin,
            email: input.email ?? null,
            phone: input.phone ?? null,
            createdAt: origin.at,
            updatedAt: origin.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('accounts')
          .values({
            personId: person.id,
            username,
            passwordHash: credential.hash,
            passwordIsTemporary: true,
            tempPasswordExpiresAt: credential.expiresAt,
            createdAt: origin.at,
            updatedAt: origin.at,
          })
          .execute();
        const m = await trx
          .insertInto('memberships')
          .values({
            institutionId: inst.id,
            personId: person.id,
            ...membership,
            startsOn: membership.startsOn ?? day,
            createdAt: origin.at,
            updatedAt: origin.at,
          })
          .returning(['id', 'startsOn'])
          .executeTakeFirstOrThrow();
        // Every event here has the person as its subject, so one filter shows a person's whole history.
        await recordAudit(trx, origin, [
          {
            institutionId: inst.id,
            action: 'person.created',
            subjectType: 'person',
            subjectId: person.id,
            after: {
              surname: input.surname,
              firstName: input.firstName,
              patronymic: input.patronymic ?? null,
              birthDate: input.birthDate,
              gender: input.gender,
              iin: presentIin(iin, false),
              username,
              profile: membership.profile,
            },
          },
          {
            institutionId: inst.id,
            action: 'membership.created',
            subjectType: 'person',
            subjectId: person.id,
            after: { membershipId: m.id, ...membership, startsOn: m.startsOn },
          },
        ]);
        return { personId: person.id, username };
      });
      const person = await getPersonDetail(deps, actor, created.personId);
      return { person, credentials: { username: created.username, temporaryPassword: credential.password } };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'accounts_username_key' && attempt < 3) continue;
      if (constraint === 'persons_iin_key') throw conflict('person.iinTaken');
      throw error;
    }
  }
}

const EDITABLE = ['surname', 'firstName', 'patronymic', 'birthDate', 'gender', 'iin', 'email', 'phone'] as const;
type Editable = (typeof EDITABLE)[number];

/** Only administrators who manage an institution where the person holds (or held) a membership. */
export async function updatePerson(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  patch: PersonUpdate,
  origin: AuditOrigin,
) {
  const day = localDate(origin.at);
  const access = await loadPersonAccess(deps.db, actor, personId, day);
  if (!access.canManage) throw forbidden();
  const current = access.person;

  // Only what actually differs: a no-op save writes nothing and logs nothing.
  const changes: Partial<Pick<PersonRow, Editable>> = {};
  for (const key of EDITABLE) {
    const value = patch[key];
    if (value !== undefined && value !== current[key]) (changes as Record<Editable, unknown>)[key] = value;
  }
  if (Object.keys(changes).length === 0) return getPersonDetail(deps, actor, personId);

  const merged = { ...current, ...changes };
  if (changes.birthDate) checkBirthDate(changes.birthDate, day);
  if ('iin' in changes || 'birthDate' in changes || 'gender' in changes) {
    checkIinAgrees(merged.iin, merged.birthDate, merged.gender);
  }
  if (changes.iin) await checkIinFree(deps.db, changes.iin, personId);

  const masked = (key: Editable, v: string | null) => (key === 'iin' ? presentIin(v, false) : v);
  const before: Record<string, string | null> = {};
  const after: Record<string, string | null> = {};
  for (const key of Object.keys(changes) as Editable[]) {
    before[key] = masked(key, current[key]);
    after[key] = masked(key, changes[key] ?? null);
  }
  // The change is written to the audit log of every institution in the actor's scope where the person has a
  // membership: a district administrator's correction shows up in the school's own log, where the person
  // is known, and not only at the district.
  const institutions = institutionsInScope(actor, access.all);

  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('persons')
        .set({ ...changes, updatedAt: origin.at })
        .where('id', '=', personId)
        .execute();
      // An address typed in by an administrator is not confirmed: recovery mail must not go to it until the
      // person confirms it themself (server/modules/recovery).
      if ('email' in changes) {
        await trx.updateTable('accounts').set({ emailVerifiedAt: null }).where('personId', '=', personId).execute();
      }
      await recordAudit(
        trx,
        origin,
        institutions.map((institutionId) => ({
          institutionId,
          action: 'person.updated',
          subjectType: 'person',
          subjectId: personId,
          before,
          after,
        })),
      );
    });
  } catch (error) {
    if (uniqueViolation(error) === 'persons_iin_key') throw conflict('person.iinTaken');
    throw error;
  }
  return getPersonDetail(deps, actor, personId);
}

/**
 * Issues a new temporary password and ends the person's sessions. Whoever resets a password can act as
 * that person everywhere the account reaches, so the actor must manage every institution where the
 * person currently holds a membership — a school administrator cannot take over the account of a district
 * administrator who also happens to be a parent at their school.
 */
export async function resetPassword(deps: AppDeps, actor: Actor, personId: number, origin: AuditOrigin) {
  const day = localDate(origin.at);
  const access = await loadPersonAccess(deps.db, actor, personId, day);
  if (!access.canManage) throw forbidden();
  if (access.all.some((m) => isCurrent(m, day) && !allow(actor, 'person.manage', refOf(m)))) throw forbidden();
  const username = access.person.username;
  if (username === null) throw notFound();

  const credential = await temporaryCredential(deps, origin.at);
  const institutions = institutionsInScope(actor, access.all);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({
        passwordHash: credential.hash,
        passwordIsTemporary: true,
        tempPasswordExpiresAt: credential.expiresAt,
        passwordChangedAt: origin.at,
        updatedAt: origin.at,
      })
      .where('personId', '=', personId)
      .execute();
    await endAllSessions(trx, personId, origin.at, 'password_reset');
    // No before/after: nothing about a password belongs in the log beyond the fact that it was reset.
    await recordAudit(
      trx,
      origin,
      institutions.map((institutionId) => ({
        institutionId,
        action: 'account.passwordReset',
        subjectType: 'person',
        subjectId: personId,
      })),
    );
  });
  return { credentials: { username, temporaryPassword: credential.password } };
}
