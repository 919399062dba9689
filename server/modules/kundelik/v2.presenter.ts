import type { Locale, Profile } from '@common/enums.js';
import { className } from '../classes/classes.queries.js';
import { subjectName } from '../timetable/timetable.access.js';
import { idList, ids, v2DateTime } from './v2.conventions.js';
import { v2SubgroupId, v2TimetableId } from './v2.ids.js';

/**
 * Our people, schools, classes, subjects and periods as Kundelik v2 objects (kundelik-v2-api.md §1.2–1.6).
 * Pure functions over repository rows; the mapping rules are in docs/kundelik-compat.md.
 */

export interface PersonRow {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  gender: 'male' | 'female';
  birthDate?: string;
  email?: string | null;
  phone?: string | null;
  username?: string | null;
  locale?: Locale | null;
  profiles?: Profile[];
  admin?: boolean;
}

const sex = (g: 'male' | 'female') => (g === 'male' ? 'Male' : 'Female');
const initial = (s: string | null | undefined) => (s ? ` ${s.slice(0, 1)}.` : '');
/** "Сейтова А. Б." — how Kundelik writes a short name. */
export const shortName = (p: Pick<PersonRow, 'surname' | 'firstName' | 'patronymic'>) =>
  `${p.surname}${initial(p.firstName)}${initial(p.patronymic)}`;

/** Our profiles → Kundelik roles (§1.2). Administrators of a school also get EduSchoolAdministrator. */
export function v2Roles(profiles: readonly Profile[], admin: boolean): string[] {
  const roles = new Set<string>();
  for (const p of profiles) {
    if (p === 'student') roles.add('EduStudent');
    else if (p === 'parent') roles.add('EduParent');
    else if (p === 'school_employee') roles.add('EduStaff');
    else roles.add('OrganizationStaff');
  }
  if (admin) roles.add('EduSchoolAdministrator');
  return [...roles];
}

/** Person (§1.3). The user id is the person id: our accounts are keyed by person. */
export function presentPerson(p: PersonRow) {
  return {
    ...ids({ id: p.id, userId: p.id }),
    firstName: p.firstName,
    lastName: p.surname,
    middleName: p.patronymic ?? '',
    shortName: shortName(p),
    sex: sex(p.gender),
  };
}

/**
 * User (§1.2). Contact data (email, phone, login, birthday) only for the caller themself; another user's card
 * carries nulls, as the web app shows no one else's contacts to pupils and parents.
 */
export function presentUser(p: PersonRow, self: boolean) {
  const full = [p.surname, p.firstName, p.patronymic].filter(Boolean).join(' ');
  return {
    ...ids({ id: p.id, personId: p.id }),
    name: full,
    email: self ? (p.email ?? null) : null,
    login: self ? (p.username ?? null) : null,
    fullName: [p.firstName, p.patronymic, p.surname].filter(Boolean).join(' '),
    fullNameInverse: full,
    firstName: p.firstName,
    middleName: p.patronymic ?? '',
    lastName: p.surname,
    shortName: shortName(p),
    locale: p.locale ?? 'ru',
    timezone: '+05:00',
    sex: sex(p.gender),
    photoSmall: null,
    photoMedium: null,
    photoLarge: null,
    birthday: self && p.birthDate ? v2DateTime(p.birthDate) : null,
    roles: v2Roles(p.profiles ?? [], p.admin ?? false),
    phone: self ? (p.phone ?? null) : null,
  };
}

export interface SchoolRow {
  id: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  /** The institution path Ministry → … → school. */
  ancestors: number[];
  regionName?: string | null;
  districtName?: string | null;
}
const instName = (s: { nameKk: string; nameRu: string; nameEn: string }, locale: Locale) =>
  locale === 'kk' ? s.nameKk : locale === 'en' ? s.nameEn : s.nameRu;
/** The region is the second node of the path (Ministry → region → …). */
const regionOf = (s: SchoolRow) => s.ancestors[1] ?? null;

/** School (§1.4). `regionId` and ACB's `regionid` both (CONFLICT on case). */
export function presentSchool(s: SchoolRow, locale: Locale) {
  const name = instName(s, locale);
  return {
    ...ids({ id: s.id }),
    name,
    fullName: name,
    avatarSmall: null,
    city: s.districtName ?? null,
    municipality: s.districtName ?? null,
    regionId: regionOf(s),
    regionid: regionOf(s),
    markType: 'mark10',
    timeZone: '+05:00',
    uses_avg: true,
    uses_weighted_avg: false,
    educationType: 'Regular',
    tsoCityId: null,
    tsoRegionTreePath: s.ancestors.join('/'),
  };
}

export function presentPersonSchool(s: SchoolRow, locale: Locale) {
  return {
    ...ids({ id: s.id }),
    name: instName(s, locale),
    educationType: 'Regular',
    tsoCityId: null,
    tsoRegionTreePath: s.ancestors.join('/'),
  };
}

export interface SubjectRow {
  id: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  catalogueCode?: string | null;
}
/** Subject (§1.5). */
export function presentSubject(s: SubjectRow, locale: Locale) {
  return {
    ...ids({ id: s.id }),
    name: subjectName(s, locale),
    knowledgeArea: null,
    fgosSubjectId: null,
    espSubjectName: s.catalogueCode ?? null,
  };
}
/** The compact subject of schedules, homeworks and recentmarks. */
export const presentCompactSubject = (s: SubjectRow, locale: Locale) => ({
  ...ids({ id: s.id }),
  name: subjectName(s, locale),
  knowledgeAreaId: null,
});

export interface GroupRow {
  schoolId: number;
  classId: number;
  subgroupId: number | null;
  subgroupName: string | null;
  grade: number;
  letter: string;
  shift: number;
  yearId: number;
  yearStart: number;
  yearActive: boolean;
}

/**
 * EduGroup (§1.5): a class is a "Group", a sub-group a "Subgroup" whose parent is its class. `journaltype`
 * lower-case (CONFLICT: two clients of three). `timetable` names the class's bell schedule (year × shift).
 */
export function presentEduGroup(g: GroupRow, subjects: SubjectRow[], locale: Locale) {
  const name = className(g).replace(' ', '');
  const sub = g.subgroupId !== null;
  return {
    ...ids({ id: sub ? v2SubgroupId(g.subgroupId!) : g.classId }),
    ...idList('parentIds', sub ? [g.classId] : []),
    type: sub ? 'Subgroup' : 'Group',
    name: sub ? `${name} ${g.subgroupName}` : name,
    fullName: sub ? `${name} ${g.subgroupName}` : name,
    parallel: g.grade,
    ...ids({ timetable: v2TimetableId(g.yearId, g.shift) }),
    status: g.yearActive ? 'Active' : 'Archive',
    studyyear: g.yearStart,
    educationType: 'Regular',
    subjects: subjects.map((s) => {
      const { espSubjectName: _e, ...rest } = presentSubject(s, locale);
      return rest;
    }),
    journaltype: 'Regular',
  };
}

export interface PeriodRow {
  id: number;
  kind: 'quarter' | 'half_year';
  number: number;
  startsOn: string;
  endsOn: string;
  yearStart: number;
}
const PERIOD_NAMES: Record<Locale, Record<PeriodRow['kind'], string>> = {
  kk: { quarter: 'тоқсан', half_year: 'жартыжылдық' },
  ru: { quarter: 'четверть', half_year: 'полугодие' },
  en: { quarter: 'quarter', half_year: 'half-year' },
};
/** ReportingPeriod (§1.6): our quarter → Quarter, half-year → HalfYear; `finish` is the last day's end. */
export function presentPeriod(p: PeriodRow, locale: Locale) {
  return {
    ...ids({ id: p.id }),
    start: v2DateTime(p.startsOn),
    finish: v2DateTime(p.endsOn, '23:59:59'),
    number: p.number - 1,
    type: p.kind === 'quarter' ? 'Quarter' : 'HalfYear',
    name: `${p.number} ${PERIOD_NAMES[locale][p.kind]}`,
    year: p.yearStart,
  };
}
