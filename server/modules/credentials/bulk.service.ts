import type { BulkCreated, BulkCreateParsed, BulkRow } from '@common/schemas/credentials.js';
import { usernameBase } from '@common/transliterate.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { checkMembershipShape, manageableInstitution } from '../persons/memberships.rules.js';
import {
  checkBirthDate,
  checkIinAgrees,
  freeUsernames,
  temporaryCredential,
  uniqueViolation,
} from '../persons/person.rules.js';
import { presentIin } from '../persons/persons.presenter.js';
import { insertBatch, reservePersonIds, takenIins } from './credentials.repository.js';
import { mapLimit } from './map-limit.js';
import { type RowIssue, RowIssuesError } from './row-issues.js';

/** Hashing is CPU work on libuv's pool: a few at a time leave it to the rest of the server too. */
const HASH_CONCURRENCY = 4;

const rowPath = (index: number, field: keyof BulkRow) => `body.rows.${index}.${field}`;

/** The persons module's single-person rules, applied to every row; the first refusal per row is its issue. */
function rowIssues(rows: BulkRow[], day: string, taken: Set<string>): RowIssue[] {
  const issues: RowIssue[] = [];
  const firstRowOfIin = new Map<string, number>();
  rows.forEach((row, index) => {
    const check = (field: keyof BulkRow, rule: () => void) => {
      try {
        rule();
        return true;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        issues.push({ path: rowPath(index, field), code: error.code });
        return false;
      }
    };
    check('birthDate', () => checkBirthDate(row.birthDate, day));
    const iin = row.iin || null;
    if (iin === null || !check('iin', () => checkIinAgrees(iin, row.birthDate, row.gender))) return;
    if (taken.has(iin)) issues.push({ path: rowPath(index, 'iin'), code: 'person.iinTaken' });
    else if (firstRowOfIin.has(iin)) issues.push({ path: rowPath(index, 'iin'), code: 'credentials.iinTwiceInList' });
    else firstRowOfIin.set(iin, index);
  });
  return issues;
}

/**
 * Many people from a pasted list (user agreement 1.7), all or nothing: every row is checked before anything
 * is written, and then persons, accounts, memberships and their audit events go in with one INSERT per table
 * in one transaction. The temporary passwords are in the answer and nowhere else.
 */
export async function createPeopleInBulk(
  deps: AppDeps,
  actor: Actor,
  input: BulkCreateParsed,
  origin: AuditOrigin,
): Promise<BulkCreated> {
  const day = localDate(origin.at);
  const inst = await manageableInstitution(deps.db, actor, input.institutionId);
  const membership = checkMembershipShape(inst.kind, {
    institutionId: inst.id,
    profile: input.profile,
    roles: input.roles,
    isAdmin: false,
  });
  const rows = input.rows;
  const iins = rows.map((r) => r.iin || null).filter((iin): iin is string => iin !== null);
  const issues = rowIssues(rows, day, await takenIins(deps.db, iins));
  if (issues.length > 0) throw new RowIssuesError('credentials.listHasProblems', issues);

  const credentials = await mapLimit(rows, HASH_CONCURRENCY, () => temporaryCredential(deps, origin.at));
  const expiresAt = credentials[0]!.expiresAt;
  const bases = rows.map((r) => usernameBase(r.surname, r.firstName));

  // A creation racing for the same usernames: the loser's transaction rolls back and numbers them again.
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await deps.db.transaction().execute(async (trx) => {
        const usernames = await freeUsernames(trx, bases);
        const ids = await reservePersonIds(trx, rows.length);
        const persons = rows.map((r, i) => ({
          id: ids[i]!,
          surname: r.surname,
          firstName: r.firstName,
          patronymic: r.patronymic || null,
          birthDate: r.birthDate,
          gender: r.gender,
          iin: r.iin || null,
        }));
        const membershipIds = await insertBatch(trx, {
          persons,
          accounts: persons.map((p, i) => ({
            personId: p.id,
            username: usernames[i]!,
            passwordHash: credentials[i]!.hash,
            locale: input.locale,
          })),
          membership: { institutionId: inst.id, profile: membership.profile, roles: membership.roles, startsOn: day },
          expiresAt,
          at: origin.at,
        });
        // The same events, with the same content, as creating each person one by one.
        await recordAudit(
          trx,
          origin,
          persons.flatMap((p, i) => [
            {
              institutionId: inst.id,
              action: 'person.created',
              subjectType: 'person',
              subjectId: p.id,
              after: {
                surname: p.surname,
                firstName: p.firstName,
                patronymic: p.patronymic,
                birthDate: p.birthDate,
                gender: p.gender,
                iin: presentIin(p.iin, false),
                username: usernames[i],
                profile: membership.profile,
                bulk: true,
              },
            },
            {
              institutionId: inst.id,
              action: 'membership.created',
              subjectType: 'person',
              subjectId: p.id,
              after: {
                membershipId: membershipIds.get(p.id),
                profile: membership.profile,
                roles: membership.roles,
                isAdmin: false,
                position: null,
                startsOn: day,
              },
            },
          ]),
        );
        return persons.map((p, i) => ({ ...p, username: usernames[i]! }));
      });
      return {
        items: created.map((p, i) => ({
          personId: p.id,
          surname: p.surname,
          firstName: p.firstName,
          patronymic: p.patronymic,
          username: p.username,
          temporaryPassword: credentials[i]!.password,
        })),
        expiresAt: expiresAt.toISOString(),
      };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'accounts_username_key' && attempt < 3) continue;
      // Someone else registered one of these IINs between the check and the insert.
      if (constraint === 'persons_iin_key') throw new AppError(409, 'person.iinTaken');
      throw error;
    }
  }
}
