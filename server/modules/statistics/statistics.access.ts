import type { Database } from '../../db/client.js';
import { forbidden, notFound } from '../../errors.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';

export interface StatisticsRoot {
  id: number;
  kind: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

/**
 * Whose schools the statistics cover: the actor's own authority (district, region, ministry) from the session, or
 * one institution beneath it (a region looking at one district). Only authority staff ('statistics.read'); a node
 * outside their subtree — or one that does not exist — is simply not found (404), like any foreign resource.
 */
export async function statisticsRoot(db: Database, actor: Actor, institutionId?: number): Promise<StatisticsRoot> {
  const m = actor.context;
  if (!m) throw forbidden();
  const own = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, 'statistics.read', own)) throw forbidden();
  if (institutionId === undefined || institutionId === m.institutionId) {
    return { id: m.institutionId, kind: m.institutionKind, nameKk: m.nameKk, nameRu: m.nameRu, nameEn: m.nameEn };
  }
  const node = await db
    .selectFrom('institutions')
    .where('id', '=', institutionId)
    .where('closedAt', 'is', null)
    .select(['id', 'kind', 'ancestors', 'nameKk', 'nameRu', 'nameEn'])
    .executeTakeFirst();
  if (!node || !allow(actor, 'statistics.read', { id: node.id, ancestors: node.ancestors.map(Number) })) {
    throw notFound();
  }
  return { id: node.id, kind: node.kind, nameKk: node.nameKk, nameRu: node.nameRu, nameEn: node.nameEn };
}
