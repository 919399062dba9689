import { sql } from 'kysely';
import { asJson, type WriteStage } from './apply.write.stage.js';
import { chunks } from './imports.repository.js';
import type { PersonPlan } from './plan.types.js';

/** Memberships at the school for the people who have none of that profile yet, and their external ids. */
export async function writeMemberships(
  { trx, schoolId, at, entries, personIdOf }: WriteStage,
  persons: PersonPlan[],
  today: string,
) {
  const externalIds = persons.filter((p) => p.setExternalId && p.record?.externalId).map((p) => p.record!.externalId!);
  if (externalIds.length > 0) {
    // The id moves from another membership of the same person (the plan checked it is theirs) to this one.
    for (const part of chunks(externalIds, 5000)) {
      await trx
        .updateTable('memberships')
        .set({ externalId: null, updatedAt: at })
        .where('institutionId', '=', schoolId)
        .where('externalId', 'in', part)
        .execute();
    }
  }
  const adding = persons.filter((p) => p.addMembership);
  for (const part of chunks(adding)) {
    const inserted = await trx
      .insertInto('memberships')
      .values(
        part.map((p) => ({
          institutionId: schoolId,
          personId: personIdOf(p)!,
          profile: p.addMembership!.profile,
          roles: p.addMembership!.roles,
          startsOn: today,
          externalId: p.setExternalId ? p.record!.externalId : null,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .returning(['id', 'personId', 'profile', 'roles', 'startsOn'])
      .execute();
    for (const m of inserted) {
      entries.push({
        institutionId: schoolId,
        action: 'membership.created',
        subjectType: 'person',
        subjectId: m.personId,
        after: {
          membershipId: m.id,
          profile: m.profile,
          roles: m.roles,
          isAdmin: false,
          position: null,
          startsOn: m.startsOn,
        },
      });
    }
  }
  const retagged = persons.filter((p) => p.setExternalId && !p.addMembership && p.currentMembershipId !== null);
  for (const part of chunks(retagged, 5000)) {
    const rows = part.map((p) => ({ id: p.currentMembershipId, ext: p.record!.externalId }));
    await sql`
      update memberships m set external_id = v.ext, updated_at = ${at}
        from jsonb_to_recordset(${asJson(rows)}::jsonb) as v(id bigint, ext text)
       where m.institution_id = ${schoolId} and m.id = v.id`.execute(trx);
  }
}

/** Parent ↔ child links; a link that already exists is left as it is (and not audited again). */
export async function writeParentLinks(
  { trx, schoolId, at, entries, personIdOf, resolve }: WriteStage,
  persons: PersonPlan[],
) {
  const links = persons.flatMap((p) =>
    p.links.map((l) => ({ parentPersonId: personIdOf(p)!, childPersonId: resolve(l.child), relation: l.relation })),
  );
  for (const part of chunks(links)) {
    const inserted = await trx
      .insertInto('guardianships')
      .values(part.map((l) => ({ institutionId: schoolId, ...l, createdAt: at })))
      .onConflict((oc) => oc.columns(['institutionId', 'parentPersonId', 'childPersonId']).doNothing())
      .returning(['parentPersonId', 'childPersonId', 'relation'])
      .execute();
    for (const l of inserted) {
      entries.push({
        institutionId: schoolId,
        action: 'guardianship.created',
        subjectType: 'person',
        subjectId: l.childPersonId,
        after: { parentPersonId: l.parentPersonId, childPersonId: l.childPersonId, relation: l.relation },
      });
    }
  }
}
