import type { AuditPage, AuditQuery } from '@common/schemas/audit.js';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { DAY_MS } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { decodeCursor, encodeCursor, presentAuditEvent } from './audit.presenter.js';
import { findInstitutionRef, listAuditEvents } from './audit.repository.js';

/** Kazakhstan's single zone (UTC+5 since March 2024): a "date" in a filter is a Kazakhstan calendar day. */
const KZ_OFFSET = '+05:00';
const startOfDay = (date: string) => new Date(`${date}T00:00:00${KZ_OFFSET}`);

/**
 * Administrators read the events of their institution's subtree. `institutionId` narrows the search to
 * that institution *and its subtree* (a district admin picking a district sees its schools' events too);
 * one outside the actor's subtree answers 404 like any foreign resource.
 */
export async function readAudit(deps: AppDeps, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  const m = actor.context;
  if (!m || !allow(actor, 'audit.read', { id: m.institutionId, ancestors: m.ancestors })) throw forbidden();

  let rootId = m.institutionId;
  if (query.institutionId !== undefined) {
    const target = await findInstitutionRef(deps.db, query.institutionId);
    if (!target || !allow(actor, 'audit.read', target)) throw notFound();
    rootId = target.id;
  }
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);

  const rows = await listAuditEvents(
    deps.db,
    {
      rootId,
      action: query.action,
      actorPersonId: query.actorPersonId,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      from: query.from === undefined ? undefined : startOfDay(query.from),
      // `to` is inclusive: everything before the start of the next day.
      to: query.to === undefined ? undefined : new Date(startOfDay(query.to).getTime() + DAY_MS),
    },
    after,
    query.limit + 1,
  );
  // One row more than asked tells whether another page exists without a count query.
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentAuditEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
