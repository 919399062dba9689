import { randomUUID } from 'node:crypto';
import { parseIin } from '@common/iin.js';
import {
  CHECKED_FIELDS,
  type CheckedField,
  type CorrectionCreate,
  type CorrectionListQuery,
} from '@common/schemas/registration.js';
import type { CorrectionValues } from '../../db/tables/registration.js';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { presentForAdmin, presentMine } from './corrections.presenter.js';
import {
  type CheckedRow,
  closeRequest,
  countOpenRequests,
  findCheckedData,
  findInstitutionRequest,
  findRequest,
  insertRequests,
  institutionsOfPerson,
  listInstitutionRequests,
  listOwnRequests,
  type RequestRow,
} from './corrections.repository.js';

/**
 * Data-correction requests (user agreement 3.2): a person says their surname, name, patronymic, birth date or
 * gender is wrong; the administrators of each institution where they hold a membership see the request, and
 * one of them applies it (audited as person.updated) or rejects it with an answer. The copies filed at
 * several institutions share a request key: whoever answers first answers for all of them.
 */

/** More open requests than this and the person is asked to wait for an answer first. */
export const MAX_OPEN_REQUESTS = 5;
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Only the fields whose proposed value differs from the stored one. */
function differences(person: CheckedRow, proposed: CorrectionValues) {
  const out: CorrectionValues = {};
  const before: CorrectionValues = {};
  for (const key of CHECKED_FIELDS) {
    if (!(key in proposed)) continue;
    const value = proposed[key] ?? null;
    if (value !== person[key]) {
      (out as Record<CheckedField, unknown>)[key] = value;
      (before as Record<CheckedField, unknown>)[key] = person[key];
    }
  }
  return { proposed: out, current: before };
}

export async function fileCorrection(deps: AppDeps, actor: Actor, input: CorrectionCreate, origin: AuditOrigin) {
  const today = localDate(origin.at);
  const person = await findCheckedData(deps.db, actor.personId);
  if (!person) throw notFound();
  const { proposed, current } = differences(person, input.proposed);
  if (Object.keys(proposed).length === 0) throw unprocessable('correction.nothingChanged');
  if (proposed.birthDate && (proposed.birthDate < EARLIEST_BIRTH_DATE || proposed.birthDate > today)) {
    throw unprocessable('person.birthDateOutOfRange');
  }
  const institutions = await institutionsOfPerson(deps.db, actor.personId, today);
  if (institutions.length === 0) throw unprocessable('correction.noInstitution');
  if ((await countOpenRequests(deps.db, actor.personId)) >= MAX_OPEN_REQUESTS) throw conflict('correction.tooMany');

  const requestKey = randomUUID();
  const comment = input.comment?.trim() || null;
  const ids = await deps.db.transaction().execute(async (trx) => {
    const rows = await insertRequests(
      trx,
      institutions.map((institutionId) => ({
        institutionId,
        requestKey,
        personId: actor.personId,
        current,
        proposed,
        comment,
        createdAt: origin.at,
      })),
    );
    await recordAudit(
      trx,
      origin,
      rows.map((r) => ({
        institutionId: r.institutionId,
        action: 'correction.requested',
        subjectType: 'person',
        subjectId: actor.personId,
        before: current,
        after: proposed,
      })),
    );
    return rows.map((r) => r.id);
  });
  const row = await findRequest(deps.db, Math.min(...ids));
  return presentMine(row!);
}

export async function listMine(deps: AppDeps, actor: Actor) {
  return (await listOwnRequests(deps.db, actor.personId)).map(presentMine);
}

/** The context institution's own queue (its administrators only). */
export async function listForInstitution(deps: AppDeps, actor: Actor, query: CorrectionListQuery) {
  const ctx = actor.context;
  if (!ctx || !allow(actor, 'correction.handle', { id: ctx.institutionId, ancestors: ctx.ancestors })) {
    throw forbidden();
  }
  const [rows, total] = await listInstitutionRequests(deps.db, {
    institutionId: ctx.institutionId,
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(presentForAdmin), total: Number(total.n) };
}

/** A request of another institution does not exist for this actor (404); one of their own but not theirs to answer is 403. */
async function loadHandled(deps: AppDeps, actor: Actor, id: number): Promise<RequestRow> {
  const row = await findRequest(deps.db, id);
  const ctx = actor.context;
  if (!row || !ctx || row.institutionId !== ctx.institutionId) throw notFound();
  if (!allow(actor, 'correction.handle', { id: ctx.institutionId, ancestors: ctx.ancestors })) throw forbidden();
  if (row.status !== 'open') throw conflict('correction.closed');
  return row;
}

const presentOne = async (deps: AppDeps, institutionId: number, id: number) =>
  presentForAdmin(await findInstitutionRequest(deps.db, institutionId, id));

/** Applies the proposed values to the person, closes every copy of the request, audits both. */
export async function resolve(
  deps: AppDeps,
  actor: Actor,
  id: number,
  answer: string | undefined,
  origin: AuditOrigin,
) {
  const row = await loadHandled(deps, actor, id);
  const today = localDate(origin.at);
  await deps.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('persons')
      .where('id', '=', row.personId)
      .select(['id', 'surname', 'firstName', 'patronymic', 'birthDate', 'gender', 'iin'])
      .forUpdate()
      .executeTakeFirst();
    if (!person) throw notFound();
    const { proposed: changes, current: before } = differences(person, row.proposedValues);
    const merged = { ...person, ...changes };
    if (changes.birthDate && (changes.birthDate < EARLIEST_BIRTH_DATE || changes.birthDate > today)) {
      throw unprocessable('person.birthDateOutOfRange');
    }
    // An IIN encodes birth date and sex: a correction that contradicts it needs the IIN fixed first.
    if (merged.iin && ('birthDate' in changes || 'gender' in changes)) {
      const info = parseIin(merged.iin);
      if (!info || info.birthDate !== merged.birthDate || info.gender !== merged.gender) {
        throw unprocessable('person.iinMismatch');
      }
    }
    const closed = await closeRequest(trx, row.requestKey, {
      status: 'resolved',
      answer: answer?.trim() || null,
      resolvedBy: actor.personId,
      resolvedAt: origin.at,
    });
    if (!closed.some((c) => c.id === row.id)) throw conflict('correction.closed');
    if (Object.keys(changes).length > 0) {
      await trx
        .updateTable('persons')
        .set({ ...changes, updatedAt: origin.at })
        .where('id', '=', row.personId)
        .execute();
    }
    // Each institution where the request was filed learns the outcome (and the change of the person's data).
    await recordAudit(
      trx,
      origin,
      closed.flatMap((c) => [
        ...(Object.keys(changes).length > 0
          ? [
              {
                institutionId: c.institutionId,
                action: 'person.updated',
                subjectType: 'person',
                subjectId: row.personId,
                before,
                after: changes,
              },
            ]
          : []),
        {
          institutionId: c.institutionId,
          action: 'correction.resolved',
          subjectType: 'person',
          subjectId: row.personId,
          after: { requestId: row.id },
        },
      ]),
    );
  });
  return presentOne(deps, row.institutionId, row.id);
}

export async function reject(deps: AppDeps, actor: Actor, id: number, answer: string, origin: AuditOrigin) {
  const row = await loadHandled(deps, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const closed = await closeRequest(trx, row.requestKey, {
      status: 'rejected',
      answer: answer.trim(),
      resolvedBy: actor.personId,
      resolvedAt: origin.at,
    });
    if (!closed.some((c) => c.id === row.id)) throw conflict('correction.closed');
    await recordAudit(
      trx,
      origin,
      closed.map((c) => ({
        institutionId: c.institutionId,
        action: 'correction.rejected',
        subjectType: 'person',
        subjectId: row.personId,
        after: { requestId: row.id, answer: answer.trim() },
      })),
    );
  });
  return presentOne(deps, row.institutionId, row.id);
}
