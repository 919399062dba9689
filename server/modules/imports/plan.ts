import type { Locale, Profile, Relation } from '@common/enums.js';
import type { MatchKind, PeopleField, RowEntity, RowOutcome } from '@common/schemas/imports.js';
import type { Database } from '../../db/client.js';
import { checkIinAgrees } from '../persons/person.rules.js';
import type { YearRow } from '../school-year/school-year.queries.js';
import {
  type ExistingPerson,
  openEnrolments,
  personsByExternalId,
  personsById,
  personsByIin,
  personsByName,
  type SchoolMembership,
  schoolLinks,
  schoolMemberships,
  type YearClass,
  yearClasses,
} from './match.repository.js';
import {
  accountLocale,
  type ClassLabel,
  classLabelText,
  normalizeRow,
  type PersonRecord,
  type RowProblem,
} from './normalize.js';
import { planRosterRows, type RosterPlans } from './oneroster/plan.js';

/**
 * The dry run's judgement of every row — and, run again inside the apply's transaction, exactly what the apply
 * writes. Matching order (issue 4 §4): IIN, then the school's external id, then surname + first name + birth
 * date among the school's people (which needs the administrator's confirmation). An IIN held by someone with no
 * membership at this school is a pupil or parent arriving from elsewhere: when names and birth date agree the
 * row joins that person to the school (after a confirmation, and without touching their data), otherwise the
 * IIN is taken.
 */

export interface InputRow {
  rowNumber: number;
  entity: RowEntity;
  values: Partial<Record<string, string>>;
  /** The suggested match the administrator accepted. */
  confirmedPersonId?: number;
}

export interface PlanContext {
  schoolId: number;
  /** Today in Kazakhstan. */
  today: string;
  /** The year classes and enrolments go into (null: none yet). */
  year: YearRow | null;
  /** Language of instruction of a new class when the row does not say. */
  defaultLanguage: string;
  /** Account language of a new person when the row does not say. */
  locale: Locale;
}

/** An existing person, or a person the same apply creates (by row number). */
export type PersonRef = { id: number } | { row: number };

export const PERSON_FIELDS = [
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'gender',
  'iin',
  'email',
  'phone',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface PersonPlan {
  entity: 'person';
  rowNumber: number;
  outcome: RowOutcome;
  problems: RowProblem[];
  record: PersonRecord | null;
  /** The existing person this row is (once matched or confirmed), else null (a new person, or an error). */
  personId: number | null;
  /** The suggested person waiting for a confirmation (outcome 'confirm'). */
  candidate: ExistingPerson | null;
  via: MatchKind | null;
  confirmed: boolean;
  /** The existing person as stored (null for a new one). */
  existing: ExistingPerson | null;
  personChanges: Partial<Record<PersonField, string | null>>;
  /** A membership of this profile to add at the school (none current yet). */
  addMembership: { profile: Profile; roles: string[] } | null;
  /** Put the row's external id on the person's membership of that profile (the new one, or this current one). */
  setExternalId: boolean;
  currentMembershipId: number | null;
  enrol: ClassLabel | null;
  links: Array<{ child: PersonRef; relation: Relation }>;
  locale: Locale;
  changes: string[];
}

export interface NewClass {
  label: ClassLabel;
  language: string;
  externalId: string | null;
}

export interface Plan {
  persons: PersonPlan[];
  roster: RosterPlans;
  /** Classes of the year to create, by «grade letter». */
  newClasses: Map<string, NewClass>;
  /** The year's existing classes by «grade letter». */
  classes: Map<string, YearClass>;
}

const PROFILE_OF: Record<PersonRecord['role'], Profile> = {
  student: 'student',
  parent: 'parent',
  teacher: 'school_employee',
  staff: 'school_employee',
};
const ROLES_OF: Record<PersonRecord['role'], string[]> = { student: [], parent: [], teacher: ['teacher'], staff: [] };

const isCurrent = (m: { endsOn: string | null }, today: string) => m.endsOn === null || m.endsOn > today;
const lower = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
const nameKey = (p: { surname: string; firstName: string; birthDate: string }) =>
  `${lower(p.surname)}|${lower(p.firstName)}|${p.birthDate}`;
export const labelKey = (c: ClassLabel) => classLabelText(c);

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export async function planRows(db: Database, ctx: PlanContext, rows: InputRow[]): Promise<Plan> {
  const personRows = rows.filter((r) => r.entity === 'person');
  const persons: PersonPlan[] = personRows.map((row) => {
    const { record, problems } = normalizeRow(row.values as Partial<Record<PeopleField, string>>, ctx.today);
    return {
      entity: 'person',
      rowNumber: row.rowNumber,
      outcome: 'new',
      problems,
      record,
      personId: null,
      candidate: null,
      via: null,
      confirmed: false,
      existing: null,
      personChanges: {},
      addMembership: null,
      setExternalId: false,
      currentMembershipId: null,
      enrol: null,
      links: [],
      locale: record ? accountLocale(record, ctx.locale) : ctx.locale,
      changes: [],
    };
  });
  const confirmedOf = new Map(personRows.map((r) => [r.rowNumber, r.confirmedPersonId]));

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

  // ── What changes for each row ──────────────────────────────────────────────────────────────────────────────
  const matchedIds = persons.flatMap((p) => (p.personId !== null ? [p.personId] : []));
  const childIds = [...byIinList, ...byExtList].map((p) => p.id);
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

  const roster = await planRosterRows(db, ctx, rows, { persons, byExt, classes });

  // ── Classes to create, outcomes ────────────────────────────────────────────────────────────────────────────
  const newClasses = new Map<string, NewClass>();
  for (const c of roster.classes) {
    if (c.outcome !== 'error' && c.classId === null && c.label) {
      newClasses.set(labelKey(c.label), { label: c.label, language: c.language, externalId: c.externalId });
    }
  }
  for (const t of roster.teaching) {
    if (t.outcome === 'error' || !t.classLabel) continue;
    const key = labelKey(t.classLabel);
    if (!classes.has(key) && !newClasses.has(key)) {
      newClasses.set(key, { label: t.classLabel, language: ctx.defaultLanguage, externalId: null });
    }
  }
  for (const plan of persons) {
    if (!plan.enrol || plan.problems.length > 0) continue;
    const key = labelKey(plan.enrol);
    if (!classes.has(key) && !newClasses.has(key)) {
      newClasses.set(key, {
        label: plan.enrol,
        language: plan.record?.language ?? ctx.defaultLanguage,
        externalId: null,
      });
    }
  }
  for (const plan of persons) {
    plan.changes = [
      ...Object.keys(plan.personChanges),
      ...(plan.addMembership ? ['membership'] : []),
      ...(plan.setExternalId && !plan.addMembership ? ['externalId'] : []),
      ...(plan.enrol ? ['class'] : []),
      ...(plan.links.length > 0 ? ['links'] : []),
    ];
    plan.outcome =
      plan.problems.length > 0
        ? 'error'
        : plan.candidate
          ? 'confirm'
          : plan.personId === null
            ? 'new'
            : plan.changes.length > 0
              ? 'update'
              : 'unchanged';
  }
  return { persons, roster, newClasses, classes };
}
