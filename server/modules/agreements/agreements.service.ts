import type { Locale } from '@common/enums.js';
import type { AgreementDraft } from '@common/schemas/agreements.js';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { acceptanceLine, CSV_HEADER, csvLine, presentForReading, presentVersion } from './agreements.presenter.js';
import {
  type AcceptanceCursor,
  acceptancePage,
  findCurrentVersion,
  findVersion,
  insertAcceptance,
  labelTaken,
  listVersions,
  markPublished,
} from './agreements.repository.js';

const contextRef = (actor: Actor): InstitutionRef | null =>
  actor.context ? { id: actor.context.institutionId, ancestors: actor.context.ancestors } : null;

/** Only a Ministry administrator, acting as one, drafts and publishes versions (agreement 2.2). */
function requireManager(actor: Actor): InstitutionRef {
  const ref = contextRef(actor);
  if (!ref || !allow(actor, 'agreement.manage', ref)) throw forbidden();
  return ref;
}

/** Where the person's own audit rows go: each institution of their active memberships. */
export const ownInstitutions = (actor: Actor) => [...new Set(actor.memberships.map((m) => m.institutionId))];

export async function currentForReading(deps: AppDeps, locale: Locale) {
  const v = await findCurrentVersion(deps.db);
  return v ? presentForReading(v, locale) : null;
}

export async function currentVersion(deps: AppDeps) {
  const v = await findCurrentVersion(deps.db);
  if (!v) throw notFound();
  return presentVersion(v, v.id);
}

export async function listAllVersions(deps: AppDeps, actor: Actor) {
  requireManager(actor);
  const [rows, current] = await Promise.all([listVersions(deps.db), findCurrentVersion(deps.db)]);
  return rows.map((v) => presentVersion(v, current?.id ?? null));
}

export async function createDraft(deps: AppDeps, actor: Actor, input: AgreementDraft, origin: AuditOrigin) {
  const ref = requireManager(actor);
  if (await labelTaken(deps.db, input.label)) throw conflict('agreement.labelTaken');
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('agreementVersions')
      .values({ ...input, createdAt: origin.at, createdBy: actor.personId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: ref.id,
      action: 'agreement.drafted',
      subjectType: 'agreement',
      subjectId: row.id,
      after: { label: input.label },
    });
    return row.id;
  });
  const v = await findVersion(deps.db, id);
  const current = await findCurrentVersion(deps.db);
  return presentVersion(v!, current?.id ?? null);
}

/**
 * Publishing makes the version current: at their next request everyone who has not accepted it gets the
 * 'acceptAgreement' step (the session query compares it with their latest acceptance).
 */
export async function publish(deps: AppDeps, actor: Actor, id: number, origin: AuditOrigin) {
  const ref = requireManager(actor);
  const existing = await findVersion(deps.db, id);
  if (!existing) throw notFound();
  await deps.db.transaction().execute(async (trx) => {
    const done = await markPublished(trx, id, actor.personId, origin.at);
    if (!done) throw conflict('agreement.alreadyPublished');
    await recordAudit(trx, origin, {
      institutionId: ref.id,
      action: 'agreement.published',
      subjectType: 'agreement',
      subjectId: id,
      after: { label: existing.label },
    });
  });
  const v = await findVersion(deps.db, id);
  return presentVersion(v!, id);
}

/** The person accepts the current version (continuing after a new version = accepting it, 2.2). */
export async function accept(deps: AppDeps, actor: Actor, versionId: number, origin: AuditOrigin) {
  const current = await findCurrentVersion(deps.db);
  if (!current || current.id !== versionId) {
    const v = await findVersion(deps.db, versionId);
    if (!v?.publishedAt) throw notFound();
    throw conflict('agreement.outdated');
  }
  await deps.db.transaction().execute(async (trx) => {
    const fresh = await insertAcceptance(trx, {
      personId: actor.personId,
      versionId,
      acceptedAt: origin.at,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    if (!fresh) return;
    await recordAudit(
      trx,
      origin,
      ownInstitutions(actor).map((institutionId) => ({
        institutionId,
        action: 'agreement.accepted',
        subjectType: 'person',
        subjectId: actor.personId,
        after: { version: current.label },
      })),
    );
  });
}

const EXPORT_BATCH = 1000;

/**
 * The acceptance history as CSV, produced page by page (keyset) so a national export never sits in memory.
 * The Ministry's administrators get everyone; any other administrator the people with a current membership
 * in their institution's subtree (a school administrator: their school).
 */
export function exportAcceptances(deps: AppDeps, actor: Actor, versionId: number | undefined) {
  const ref = contextRef(actor);
  if (!ref || !allow(actor, 'agreement.exportAcceptances', ref)) throw forbidden();
  const root = allow(actor, 'agreement.manage', ref) ? null : ref.id;
  const today = localDate(deps.clock.now());
  async function* lines() {
    // A BOM so spreadsheet programs read the Cyrillic names as UTF-8.
    yield `\uFEFF${csvLine(CSV_HEADER)}`;
    let after: AcceptanceCursor | null = null;
    for (;;) {
      const rows = await acceptancePage(deps.db, { root, versionId, after, limit: EXPORT_BATCH, today });
      if (rows.length > 0) yield rows.map(acceptanceLine).join('');
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = { personId: last.personId, versionId: last.versionId };
    }
  }
  return lines();
}
