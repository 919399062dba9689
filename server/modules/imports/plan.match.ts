import type { MatchKind, PeopleField } from '@common/schemas/imports.js';
import type { Database } from '../../db/client.js';
import {
  type ExistingPerson,
  personsByExternalId,
  personsById,
  personsByIin,
  personsByName,
} from './match.repository.js';
import { groupBy, nameKey } from './plan.keys.js';
import type { InputRow, PersonPlan, PlanContext } from './plan.types.js';

/**
 * Stage 1 of the plan: who each person row is. Matching order (issue 4 §4): IIN, then the school's external id,
 * then surname + first name + birth date among the school's people (which needs the administrator's
 * confirmation). An IIN held by someone with no membership at this school is a pupil or parent arriving from
 * elsewhere: when names and birth date agree the row joins that person to the school (after a confirmation, and
 * without touching their data), otherwise the IIN is taken. Sets personId / candidate / via on the plans and
 * answers the people found, for the later stages.
 */
export async function matchRows(
  db: Database,
  ctx: PlanContext,
  rows: InputRow[],
  persons: PersonPlan[],
  confirmedOf: ReadonlyMap<number, number | undefined>,
) {
  // ── One query per kind of match, for every row at once ────────────────────────────────────────────────────
  const records = persons.flatMap((p) => (p.record ? [p.record] : []));
  const rosterRows = rows.filter((r) => r.entity !== 'person');
  const iins = new Set<string>();
  const externalIds = new Set<string>();
  for (const r of records) {
    if (r.iin) iins.add(r.iin);
    if (r.externalId) externalIds.add(r.externalId);
    for (const ref of r.parentOf) (/^\d{12}$/.test(ref) ? iins : externalIds).add(ref);
  }
  for (const r of rosterRows) {
    for (const key of ['teacher', 'classTeacher'] as const) {
      const ref = r.values[key];
      if (ref) externalIds.add(ref);
    }
    for (const ref of (r.values.members ?? '').split(',')) if (ref) externalIds.add(ref);
  }
  const [byIinList, byExtList, byNameList] = await Promise.all([
    personsByIin(db, ctx.schoolId, [...iins]),
    personsByExternalId(db, ctx.schoolId, [...externalIds]),
    personsByName(db, ctx.schoolId, records),
  ]);
  const byIin = new Map(byIinList.map((p) => [p.iin!, p]));
  const byExt = new Map(byExtList.map((p) => [p.externalId, p]));
  const byName = groupBy(byNameList, nameKey);
  const known = new Map<number, ExistingPerson>();
  for (const p of [...byIinList, ...byExtList, ...byNameList]) known.set(p.id, p);
  const confirmedIds = [...confirmedOf.values()].filter((id): id is number => id !== undefined && !known.has(id));
  for (const p of await personsById(db, ctx.schoolId, confirmedIds)) known.set(p.id, p);

  // ── Who each row is ────────────────────────────────────────────────────────────────────────────────────────
  const firstRowOf = {
    iin: new Map<string, number>(),
    ext: new Map<string, number>(),
    person: new Map<number, number>(),
  };
  for (const plan of persons) {
    const r = plan.record;
    if (!r) continue;
    const problem = (field: PeopleField | null, code: string) => plan.problems.push({ field, code });
    if (r.iin) {
      if (firstRowOf.iin.has(r.iin)) problem('iin', 'imports.row.iinTwice');
      else firstRowOf.iin.set(r.iin, plan.rowNumber);
    }
    if (r.externalId) {
      if (firstRowOf.ext.has(r.externalId)) problem('externalId', 'imports.row.externalIdTwice');
      else firstRowOf.ext.set(r.externalId, plan.rowNumber);
    }
    const confirmedId = confirmedOf.get(plan.rowNumber);
    const suggest = (candidate: ExistingPerson, via: MatchKind) => {
      plan.via = via;
      if (confirmedId === candidate.id) {
        plan.personId = candidate.id;
        plan.confirmed = true;
      } else plan.candidate = candidate;
    };
    const holder = r.iin ? byIin.get(r.iin) : undefined;
    const byId = r.externalId ? byExt.get(r.externalId) : undefined;
    if (holder) {
      if (holder.atSchool) {
        plan.personId = holder.id;
        plan.via = 'iin';
      } else if (nameKey(holder) === nameKey(r)) suggest(holder, 'elsewhere');
      else problem('iin', 'person.iinTaken');
      if (byId && byId.id !== holder.id) problem('externalId', 'imports.row.externalIdTaken');
    } else if (byId) {
      plan.personId = byId.id;
      plan.via = 'externalId';
    } else {
      // A different IIN on record means a different person, however alike the names.
      const alike = (byName.get(nameKey(r)) ?? []).filter((p) => !r.iin || p.iin === null);
      if (alike.length > 1) problem(null, 'imports.row.ambiguousMatch');
      else if (alike.length === 1) suggest(alike[0]!, 'name');
    }
    const who = plan.personId ?? plan.candidate?.id;
    if (who !== undefined) {
      if (firstRowOf.person.has(who)) problem(null, 'imports.row.samePerson');
      else firstRowOf.person.set(who, plan.rowNumber);
    }
  }
  return { byIin, byExt, known, referenced: [...byIinList, ...byExtList].map((p) => p.id) };
}
