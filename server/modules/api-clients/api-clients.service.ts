import { randomUUID } from 'node:crypto';
import type { ApiClientInput, ApiClientPatch } from '@common/schemas/api-clients.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { listActiveMemberships } from '../auth/session.repository.js';
import { presentClient, presentMyApp, presentSchoolClient } from './api-clients.presenter.js';
import { findClient, listClientsForSchool, listClientsUnder, listPersonApps } from './api-clients.repository.js';
import { invalidateApiOrigins } from './api-cors.js';
import { revokePersonTokens } from './tokens.repository.js';

/** The context institution as a policy subject, or 403 when the actor has none. */
function contextRef(actor: Actor) {
  const m = actor.context;
  if (!m) throw forbidden();
  return { id: m.institutionId, ancestors: m.ancestors };
}

/** A client the actor may manage (owner within their subtree); anything else is 404 — its existence is not told. */
async function managedClient(deps: AppDeps, actor: Actor, id: number) {
  const row = await findClient(deps.db, id);
  if (!row || !allow(actor, 'apiClient.manage', { id: row.ownerInstitutionId, ancestors: row.ownerAncestors })) {
    throw notFound();
  }
  return row;
}

export async function listClients(deps: AppDeps, actor: Actor) {
  const self = contextRef(actor);
  if (!allow(actor, 'apiClient.manage', self)) throw forbidden();
  const rows = await listClientsUnder(deps.db, self.id);
  return { items: rows.map(presentClient) };
}

export async function createClient(deps: AppDeps, actor: Actor, input: ApiClientInput, origin: AuditOrigin) {
  const self = contextRef(actor);
  if (!allow(actor, 'apiClient.manage', self)) throw forbidden();
  const ownerId = input.ownerInstitutionId ?? self.id;
  const owner = await deps.db
    .selectFrom('institutions')
    .where('id', '=', ownerId)
    .select(['id', 'ancestors'])
    .executeTakeFirst();
  if (!owner || !allow(actor, 'apiClient.manage', owner)) throw notFound();
  const secret = newToken();
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('apiClients')
      .values({
        name: input.name,
        clientId: randomUUID(),
        secretHash: sha256(secret),
        scopes: input.scopes,
        redirectUris: input.redirectUris,
        allowedOrigins: input.allowedOrigins,
        ownerInstitutionId: owner.id,
        createdBy: actor.personId,
        createdAt: origin.at,
        updatedAt: origin.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: owner.id,
      action: 'apiClient.created',
      subjectType: 'apiClient',
      subjectId: row.id,
      after: { name: input.name, scopes: input.scopes, allowedOrigins: input.allowedOrigins },
    });
    return row.id;
  });
  invalidateApiOrigins();
  const client = await findClient(deps.db, id);
  return { client: presentClient(client!), clientSecret: secret };
}

export async function updateClient(
  deps: AppDeps,
  actor: Actor,
  id: number,
  patch: ApiClientPatch,
  origin: AuditOrigin,
) {
  const before = await managedClient(deps, actor, id);
  const { disabled, ...fields } = patch;
  const disabledAt = disabled === undefined ? undefined : disabled ? (before.disabledAt ?? origin.at) : null;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('apiClients')
      .set({ ...fields, ...(disabledAt === undefined ? {} : { disabledAt }), updatedAt: origin.at })
      .where('id', '=', id)
      .execute();
    const action =
      disabled === true && !before.disabledAt
        ? 'apiClient.disabled'
        : disabled === false && before.disabledAt
          ? 'apiClient.reenabled'
          : 'apiClient.updated';
    await recordAudit(trx, origin, {
      institutionId: before.ownerInstitutionId,
      action,
      subjectType: 'apiClient',
      subjectId: id,
      before: { name: before.name, scopes: before.scopes, allowedOrigins: before.allowedOrigins },
      after: patch,
    });
  });
  invalidateApiOrigins();
  return presentClient((await findClient(deps.db, id))!);
}

/** A new secret; the old one stops working at once (tokens already issued stay valid). */
export async function rotateSecret(deps: AppDeps, actor: Actor, id: number, origin: AuditOrigin) {
  const before = await managedClient(deps, actor, id);
  const secret = newToken();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('apiClients')
      .set({ secretHash: sha256(secret), secretRotatedAt: origin.at, updatedAt: origin.at })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, origin, {
      institutionId: before.ownerInstitutionId,
      action: 'apiClient.secretRotated',
      subjectType: 'apiClient',
      subjectId: id,
    });
  });
  return { client: presentClient((await findClient(deps.db, id))!), clientSecret: secret };
}

function schoolOf(actor: Actor) {
  const self = contextRef(actor);
  if (!allow(actor, 'apiClient.enable', self)) throw forbidden();
  return self;
}

export async function listSchoolClients(deps: AppDeps, actor: Actor) {
  const school = schoolOf(actor);
  const rows = await listClientsForSchool(deps.db, school);
  return { items: rows.map(presentSchoolClient) };
}

/**
 * Switches a client on or off for the actor's school. Off: the school's people's tokens of that client stop
 * working at once unless another of their schools enabled it (token-actor.ts checks on every request).
 */
export async function setSchoolClient(deps: AppDeps, actor: Actor, id: number, enabled: boolean, origin: AuditOrigin) {
  const school = schoolOf(actor);
  const visible = await listClientsForSchool(deps.db, school);
  const row = visible.find((c) => Number(c.id) === id);
  if (!row) throw notFound();
  const isOn = row.enabledAt !== null;
  if (isOn !== enabled) {
    await deps.db.transaction().execute(async (trx) => {
      if (enabled) {
        await trx
          .insertInto('apiClientSchools')
          .values({ schoolId: school.id, apiClientId: id, enabledBy: actor.personId, enabledAt: origin.at })
          .execute();
      } else {
        await trx
          .deleteFrom('apiClientSchools')
          .where('schoolId', '=', school.id)
          .where('apiClientId', '=', id)
          .execute();
      }
      await recordAudit(trx, origin, {
        institutionId: school.id,
        action: enabled ? 'apiClient.enabledForSchool' : 'apiClient.disabledForSchool',
        subjectType: 'apiClient',
        subjectId: id,
      });
    });
    invalidateApiOrigins();
  }
  const after = (await listClientsForSchool(deps.db, school)).find((c) => Number(c.id) === id)!;
  return presentSchoolClient(after);
}

export async function listMyApps(deps: AppDeps, actor: Actor) {
  const rows = await listPersonApps(deps.db, actor.personId, deps.clock.now());
  return { items: rows.map(presentMyApp) };
}

/** Revokes every token the app holds for the actor; audited at each of the actor's institutions. */
export async function revokeMyApp(deps: AppDeps, actor: Actor, apiClientId: number, origin: AuditOrigin) {
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await revokePersonTokens(trx, actor.personId, origin.at, 'revoked_by_owner', apiClientId);
    if (revoked.length === 0) throw notFound();
    const memberships = await listActiveMemberships(trx, actor.personId, localDate(origin.at));
    await recordAudit(
      trx,
      origin,
      memberships.map((m) => ({
        institutionId: m.institutionId,
        action: 'apiToken.revoked',
        subjectType: 'person',
        subjectId: actor.personId,
        after: { apiClientId, tokens: revoked.map((r) => r.id) },
      })),
    );
    return { revoked: revoked.length };
  });
}
