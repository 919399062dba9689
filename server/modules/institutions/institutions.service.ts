import { ALLOWED_CHILD_KINDS, type Locale } from '@common/enums.js';
import type {
  Institution,
  InstitutionDetail,
  zInstitutionCreate,
  zInstitutionListQuery,
  zInstitutionUpdate,
} from '@common/schemas/institutions.js';
import type { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type Action, allow, scopeRoot } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { presentDetail, presentInstitution } from './institutions.presenter.js';
import type { NodeRow } from './institutions.repository.js';
import * as repo from './institutions.repository.js';

type ListQuery = z.infer<typeof zInstitutionListQuery>;
type CreateInput = z.infer<typeof zInstitutionCreate>;
type UpdateInput = z.infer<typeof zInstitutionUpdate>;

/** The top of the actor's scope. Without an active context nothing is visible, so everything is 404. */
function requireScope(actor: Actor): number {
  const root = scopeRoot(actor);
  if (root === null) throw notFound();
  return root;
}

/** Outside the scope, or inside it but not readable: the caller must not learn that it exists. */
function visible<T extends NodeRow>(actor: Actor, row: T | undefined): T {
  if (!row || !allow(actor, 'institution.read', row)) throw notFound();
  return row;
}

/** Visible but not the caller's to change: now a 403 reveals nothing new. */
function permit(actor: Actor, action: Action, row: NodeRow) {
  if (!allow(actor, action, row)) throw forbidden();
}

function assertChildKind(parent: NodeRow, kind: NodeRow['kind']) {
  if (!ALLOWED_CHILD_KINDS[parent.kind].includes(kind)) throw unprocessable('institution.invalidChildKind');
}

/** An empty code means "no code". */
const normalizeCode = (code: string | null | undefined) => (code ? code : null);

async function detailOf(db: Database, actor: Actor, root: number, id: number): Promise<InstitutionDetail> {
  const row = await repo.findDetail(db, id, root);
  const node = visible(actor, row);
  return presentDetail(node, node.path, allow(actor, 'institution.update', node));
}

export async function listInstitutions(
  deps: AppDeps,
  actor: Actor,
  query: ListQuery,
  locale: Locale,
): Promise<Institution[]> {
  const root = scopeRoot(actor);
  if (root === null) return [];
  let mode: repo.ListFilter['mode'];
  if (query.q) {
    mode = { search: query.q };
  } else if (query.parentId !== undefined) {
    const parent = visible(actor, await repo.findInScope(deps.db, query.parentId, root));
    mode = { parentId: parent.id };
  } else {
    mode = { top: true };
  }
  const rows = await repo.listInstitutions(deps.db, {
    scopeRoot: root,
    mode,
    kind: query.kind,
    includeClosed: query.includeClosed,
    limit: query.limit,
    locale,
  });
  // SQL bounds the rows by the scope's subtree; the policy has the last word on each (a parent or a
  // student reads only the school itself).
  return rows.filter((r) => allow(actor, 'institution.read', r)).map(presentInstitution);
}

export async function getInstitution(deps: AppDeps, actor: Actor, id: number): Promise<InstitutionDetail> {
  return detailOf(deps.db, actor, requireScope(actor), id);
}

export async function createInstitution(
  deps: AppDeps,
  actor: Actor,
  input: CreateInput,
  origin: AuditOrigin,
): Promise<InstitutionDetail> {
  const root = requireScope(actor);
  return deps.db.transaction().execute(async (trx) => {
    // Share-locked: a concurrent close of the parent waits for this insert and then sees the new child.
    const parent = visible(actor, await repo.findInScope(trx, input.parentId, root, 'share'));
    permit(actor, 'institution.create', parent);
    if (parent.closedAt) throw unprocessable('institution.closed');
    assertChildKind(parent, input.kind);
    const values = {
      parentId: parent.id,
      kind: input.kind,
      nameKk: input.nameKk,
      nameRu: input.nameRu,
      nameEn: input.nameEn,
      code: normalizeCode(input.code),
    };
    const { id } = await repo.insertInstitution(trx, { ...values, at: origin.at });
    await recordAudit(trx, origin, {
      institutionId: id,
      action: 'institution.created',
      subjectType: 'institution',
      subjectId: id,
      after: values,
    });
    return detailOf(trx, actor, root, id);
  });
}

const EDITABLE = ['nameKk', 'nameRu', 'nameEn', 'code'] as const;
type Editable = (typeof EDITABLE)[number];

export async function updateInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: UpdateInput,
  origin: AuditOrigin,
): Promise<InstitutionDetail> {
  const root = requireScope(actor);
  return deps.db.transaction().execute(async (trx) => {
    const node = visible(actor, await repo.findInScope(trx, id, root, 'update'));
    permit(actor, 'institution.update', node);
    // A closed institution is history: its name stays what it was when it closed.
    if (node.closedAt) throw unprocessable('institution.closed');
    const before: Partial<Record<Editable, string | null>> = {};
    const after: Partial<Record<Editable, string | null>> = {};
    for (const key of EDITABLE) {
      if (input[key] === undefined) continue;
      const value = key === 'code' ? normalizeCode(input.code) : input[key];
      if (value === node[key]) continue;
      before[key] = node[key];
      after[key] = value;
    }
    // Sending the current values changes nothing, and nothing unchanged is audited.
    if (Object.keys(after).length > 0) {
      await repo.updateInstitution(trx, id, after as repo.InstitutionChanges, origin.at);
      await recordAudit(trx, origin, {
        institutionId: id,
        action: 'institution.updated',
        subjectType: 'institution',
        subjectId: id,
        before,
        after,
      });
    }
    return detailOf(trx, actor, root, id);
  });
}

/** The ancestors trigger refuses a cycle with check_violation (a race the checks below could not see). */
const isCheckViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23514';

export async function moveInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  parentId: number,
  origin: AuditOrigin,
): Promise<InstitutionDetail> {
  const root = requireScope(actor);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Two rows are locked; taking them in id order keeps two opposite moves from deadlocking.
      const lockNode = () => repo.findInScope(trx, id, root, 'update');
      const lockTarget = () => repo.findInScope(trx, parentId, root, 'share');
      let nodeRow: NodeRow | undefined;
      let targetRow: NodeRow | undefined;
      if (id <= parentId) {
        nodeRow = await lockNode();
        targetRow = id === parentId ? nodeRow : await lockTarget();
      } else {
        targetRow = await lockTarget();
        nodeRow = await lockNode();
      }
      const node = visible(actor, nodeRow);
      permit(actor, 'institution.move', node);
      const target = visible(actor, targetRow);
      // Putting a node under a parent needs what creating a child there needs, so an administrator may
      // also move a node directly under their own institution ('institution.move' excludes it).
      permit(actor, 'institution.create', target);
      if (target.ancestors.includes(node.id)) throw unprocessable('institution.cycle');
      if (node.closedAt || target.closedAt) throw unprocessable('institution.closed');
      assertChildKind(target, node.kind);
      if (node.parentId !== target.id) {
        // The database rewrites the ancestors of the node and its whole subtree in this statement.
        await repo.updateInstitution(trx, id, { parentId: target.id }, origin.at);
        await recordAudit(trx, origin, {
          institutionId: id,
          action: 'institution.moved',
          subjectType: 'institution',
          subjectId: id,
          before: { parentId: node.parentId },
          after: { parentId: target.id },
        });
      }
      return detailOf(trx, actor, root, id);
    });
  } catch (e) {
    if (isCheckViolation(e)) throw unprocessable('institution.cycle');
    throw e;
  }
}

export async function closeInstitution(
  deps: AppDeps,
  actor: Actor,
  id: number,
  reason: string,
  origin: AuditOrigin,
): Promise<InstitutionDetail> {
  const root = requireScope(actor);
  return deps.db.transaction().execute(async (trx) => {
    // Locked for update: a child created concurrently either lands first (and is seen below) or waits
    // and then finds the parent closed.
    const node = visible(actor, await repo.findInScope(trx, id, root, 'update'));
    permit(actor, 'institution.close', node);
    if (node.closedAt) throw unprocessable('institution.closed');
    if (await repo.hasOpenChildren(trx, id)) throw unprocessable('institution.hasOpenChildren');
    if (await repo.hasActiveMemberships(trx, id, localDate(deps.clock.now()))) {
      throw unprocessable('institution.hasActiveMembers');
    }
    await repo.closeInstitution(trx, id, reason, origin.at);
    await recordAudit(trx, origin, {
      institutionId: id,
      action: 'institution.closed',
      subjectType: 'institution',
      subjectId: id,
      before: { closedAt: null, closedReason: null },
      after: { closedAt: origin.at.toISOString(), closedReason: reason },
    });
    return detailOf(trx, actor, root, id);
  });
}
