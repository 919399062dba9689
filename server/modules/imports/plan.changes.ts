import type { Profile } from '@common/enums.js';
import type { PeopleField } from '@common/schemas/imports.js';
import type { Database } from '../../db/client.js';
import { checkIinAgrees } from '../persons/person.rules.js';
import {
  type ExistingPerson,
  openEnrolments,
  type SchoolMembership,
  schoolLinks,
  schoolMemberships,
  yearClasses,
} from './match.repository.js';
import type { PersonRecord } from './normalize.js';
import { groupBy, isCurrent, labelKey } from './plan.keys.js';
import { PERSON_FIELDS, type PersonField, type PersonPlan, type PersonRef, type PlanContext } from './plan.types.js';

const PROFILE_OF: Record<PersonRecord['role'], Profile> = {
  student: 'student',
  parent: 'parent',
  teacher: 'school_employee',
  staff: 'school_employee',
};
const ROLES_OF: Record<PersonRecord['role'], string[]> = { student: [], parent: [], teacher: ['teacher'], staff: [] };

/**
 * Stage 2 of the plan: what changes for each matched or new person row — changed fields (an empty cell never
 * erases), the membership to add, the external id to set, the class to enrol in, the parent links to add.
 * Answers the year's existing classes by «grade letter», which the roster rows and new classes are checked against.
 */
export async function planChanges(
  db: Database,
  ctx: PlanContext,
  persons: PersonPlan[],
  found: {
    byIin: ReadonlyMap<string, ExistingPerson>;
    byExt: ReadonlyMap<string | null, ExistingPerson>;
    known: ReadonlyMap<number, ExistingPerson>;
    referenced: number[];
  },
) {
  const { byIin, byExt, known } = found;
  const matchedIds = persons.flatMap((p) => (p.personId !== null ? [p.personId] : []));
  const childIds = found.referenced;
  const memberIds = [...new Set([...matchedIds, ...childIds])];
  const [memberships, enrolments, links, classList] = await Promise.all([
    schoolMemberships(db, ctx.schoolId, memberIds),
    ctx.year ? openEnrolments(db, ctx.schoolId, ctx.year.id, matchedIds) : Promise.resolve([]),
    schoolLinks(db, ctx.schoolId, matchedIds),
    ctx.year ? yearClasses(db, ctx.schoolId, ctx.year.id) : Promise.resolve([]),
  ]);
  const membershipsOf = groupBy(memberships, (m) => m.personId);
  const enrolmentOf = new Map(enrolments.map((e) => [e.personId, e]));
  const linkSet = new Set(links.map((l) => `${l.parentPersonId}>${l.childPersonId}`));
  const classes = new Map(classList.map((c) => [labelKey(c), c]));
  const isStudentAtSchool = (id: number) =>
    (membershipsOf.get(id) ?? []).some((m) => m.profile === 'student' && isCurrent(m, ctx.today));

  const rowByIin = new Map<string, PersonPlan>();
  const rowByExt = new Map<string, PersonPlan>();
  for (const plan of persons) {
    if (plan.record?.iin && !rowByIin.has(plan.record.iin)) rowByIin.set(plan.record.iin, plan);
    if (plan.record?.externalId && !rowByExt.has(plan.record.externalId)) rowByExt.set(plan.record.externalId, plan);
  }

  for (const plan of persons) {
    const r = plan.record;
    if (!r) continue;
    const problem = (field: PeopleField | null, code: string) => plan.problems.push({ field, code });
    const existing = plan.personId !== null ? known.get(plan.personId) : undefined;
    plan.existing = existing ?? null;
    // A person joining from another school keeps the data that school keeps; only a membership is added.
    const editable = existing !== undefined && plan.via !== 'elsewhere';
    if (existing && editable) {
      const wanted: Record<PersonField, string | null> = {
        surname: r.surname,
        firstName: r.firstName,
        patronymic: r.patronymic,
        birthDate: r.birthDate,
        gender: r.gender,
        iin: r.iin,
        email: r.email,
        phone: r.phone,
      };
      for (const field of PERSON_FIELDS) {
        const value = wanted[field];
        // An empty cell leaves the stored value alone: a re-import of a thinner file erases nothing.
        if (value === null || value === existing[field]) continue;
        if (field === 'iin' && existing.iin !== null) {
          problem('iin', 'imports.row.iinDiffers');
          continue;
        }
        plan.personChanges[field] = value;
      }
      const merged = { ...existing, ...plan.personChanges };
      if (plan.personChanges.birthDate || plan.personChanges.gender || plan.personChanges.iin) {
        try {
          checkIinAgrees(merged.iin, merged.birthDate!, merged.gender!);
        } catch {
          problem('iin', 'person.iinMismatch');
        }
      }
    }

    const profile = PROFILE_OF[r.role];
    const mine: SchoolMembership[] = plan.personId !== null ? (membershipsOf.get(plan.personId) ?? []) : [];
    const current = mine.find((m) => m.profile === profile && isCurrent(m, ctx.today));
    if (!current) plan.addMembership = { profile, roles: ROLES_OF[r.role] };
    plan.currentMembershipId = current?.id ?? null;
    if (r.externalId) {
      // Already on another membership of the same person (an ended one, another profile): it still finds them.
      const holderHere = mine.some((m) => m.externalId === r.externalId);
      plan.setExternalId = current ? current.externalId !== r.externalId && !holderHere : true;
    }

    if (r.classLabel) {
      if (!ctx.year) problem('class', 'imports.row.noYear');
      else if (ctx.year.status === 'closed') problem('class', 'schoolYear.closed');
      else {
        const now = plan.personId !== null ? enrolmentOf.get(plan.personId) : undefined;
        if (!now || labelKey(now) !== labelKey(r.classLabel)) plan.enrol = r.classLabel;
      }
    }

    for (const ref of r.parentOf) {
      const inFile = /^\d{12}$/.test(ref) ? rowByIin.get(ref) : rowByExt.get(ref);
      let child: PersonRef | null = null;
      if (inFile && inFile !== plan) {
        if (!inFile.record || inFile.problems.length > 0) {
          problem('parentOf', 'imports.row.childInvalid');
          continue;
        }
        if (inFile.record.role !== 'student') {
          problem('parentOf', 'imports.row.childNotStudent');
          continue;
        }
        const childId = inFile.personId ?? inFile.candidate?.id;
        child = childId !== undefined ? { id: childId } : { row: inFile.rowNumber };
        // A parent row without a language speaks the language of their (first) child's row: parents of a
        // Russian-medium class get Russian slips, not the importer's language.
        if (r.language === null && plan.links.length === 0) plan.locale = inFile.locale;
      } else {
        const found = /^\d{12}$/.test(ref) ? byIin.get(ref) : byExt.get(ref);
        if (!found?.atSchool) {
          problem('parentOf', 'imports.row.childNotFound');
          continue;
        }
        if (!isStudentAtSchool(found.id)) {
          problem('parentOf', 'imports.row.childNotStudent');
          continue;
        }
        child = { id: found.id };
      }
      if (plan.personId !== null && 'id' in child && linkSet.has(`${plan.personId}>${child.id}`)) continue;
      plan.links.push({ child, relation: r.relation ?? 'other' });
    }
  }
  return classes;
}
