import type { Locale } from '@common/enums.js';
import { TEMPLATE_FIELDS } from '@common/schemas/imports.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { translatorFor } from '../../plugins/i18n.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { currentYear } from '../school-year/school-year.queries.js';
import { managedSchool } from './imports.service.js';
import { type TableFile, toCsv, toXlsx } from './table-file.js';

/**
 * The template and the exports share one shape: the template's columns, in the caller's language. An export
 * therefore imports back as it is — into the same school every row is 'unchanged'.
 */

/** DD.MM.YYYY, the way dates are written in Kazakhstan whatever the language. */
const dotted = (isoDate: string) => isoDate.split('-').reverse().join('.');

const FORMAT = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
} as const;
export type TableFormat = keyof typeof FORMAT;

export async function renderTable(table: TableFile, format: TableFormat) {
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  return { body, contentType: FORMAT[format].type, ext: FORMAT[format].ext };
}

export function templateTable(locale: Locale): TableFile {
  const t = translatorFor(locale);
  const notes = (key: string) => t(`imports:template.notes.${key}`);
  return {
    sheetName: t('imports:template.sheet'),
    headers: TEMPLATE_FIELDS.map((f) => t(`imports:columns.${f}`)),
    rows: [],
    textColumns: [
      TEMPLATE_FIELDS.indexOf('iin'),
      TEMPLATE_FIELDS.indexOf('birthDate'),
      TEMPLATE_FIELDS.indexOf('parentOf'),
    ],
    notes: {
      sheetName: t('imports:template.notesSheet'),
      rows: [
        [t('imports:columns.role'), notes('role')],
        [`${t('imports:columns.surname')}, ${t('imports:columns.firstName')}`, notes('names')],
        [t('imports:columns.birthDate'), notes('birthDate')],
        [t('imports:columns.gender'), notes('gender')],
        [t('imports:columns.iin'), notes('iin')],
        [t('imports:columns.class'), notes('class')],
        [t('imports:columns.language'), notes('language')],
        [t('imports:columns.externalId'), notes('externalId')],
        [t('imports:columns.parentOf'), notes('parentOf')],
        [t('imports:columns.relation'), notes('relation')],
      ],
    },
  };
}

interface ExportPerson {
  personId: number;
  profile: 'student' | 'parent' | 'school_employee';
  roles: string[];
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: 'male' | 'female';
  iin: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  grade: number | null;
  letter: string | null;
  language: string | null;
  children: Array<{ ref: string | null; relation: string }> | null;
}

/**
 * The school's current people, one row each (staff first, then students, then parents; a person in two roles
 * is listed once, in the first), with a student's class of the current year and a parent's children.
 */
async function schoolPeople(db: Database, schoolId: number, today: string, yearId: number | null) {
  const { rows } = await sql<ExportPerson>`
    select distinct on (p.id) p.id as "personId", m.profile, m.roles, p.surname, p.first_name as "firstName",
           p.patronymic, p.birth_date as "birthDate", p.gender, p.iin, p.email, p.phone, m.external_id as "externalId",
           c.grade, c.letter, c.language,
           (select json_agg(json_build_object('ref', coalesce(cp.iin, cm.external_id), 'relation', g.relation)
                            order by cp.surname, cp.first_name)
              from guardianships g
              join persons cp on cp.id = g.child_person_id and cp.deleted_at is null
              left join lateral (select external_id from memberships x
                                  where x.institution_id = ${schoolId} and x.person_id = cp.id and x.profile = 'student'
                                  order by x.ends_on is null desc, x.starts_on desc limit 1) cm on true
             where g.institution_id = ${schoolId} and g.parent_person_id = p.id) as children
      from memberships m
      join persons p on p.id = m.person_id and p.deleted_at is null
      left join class_enrollments e on m.profile = 'student' and e.school_id = ${schoolId}
           and e.student_person_id = p.id and e.year_id = ${yearId} and e.ends_on is null
      left join classes c on c.school_id = e.school_id and c.id = e.class_id
     where m.institution_id = ${schoolId} and (m.ends_on is null or m.ends_on > ${today})
       and m.profile in ('school_employee', 'student', 'parent')
     order by p.id, case m.profile when 'school_employee' then 0 when 'student' then 1 else 2 end`.execute(db);
  const order = { school_employee: 0, student: 1, parent: 2 } as const;
  return rows.sort(
    (a, b) =>
      order[a.profile] - order[b.profile] ||
      (a.grade ?? 99) - (b.grade ?? 99) ||
      (a.letter ?? '').localeCompare(b.letter ?? '', 'kk') ||
      a.surname.localeCompare(b.surname, 'kk') ||
      a.firstName.localeCompare(b.firstName, 'kk'),
  );
}

export async function exportPeople(
  deps: AppDeps,
  actor: Actor,
  format: TableFormat,
  locale: Locale,
  origin: AuditOrigin,
) {
  const school = managedSchool(actor);
  const today = localDate(origin.at);
  const year = await currentYear(deps.db, school.id, today);
  const people = await schoolPeople(deps.db, school.id, today, year?.id ?? null);
  const t = translatorFor(locale);
  const role = (p: ExportPerson) =>
    p.profile === 'school_employee' ? (p.roles.includes('teacher') ? 'teacher' : 'staff') : p.profile;
  const language = (code: string | null) => (code ? t(`imports:values.language.${code}`, { defaultValue: code }) : '');
  const rows = people.map((p) => {
    const children = (p.profile === 'parent' ? (p.children ?? []) : []).filter((c) => c.ref);
    const values: Record<(typeof TEMPLATE_FIELDS)[number], string> = {
      role: t(`imports:values.role.${role(p)}`),
      surname: p.surname,
      firstName: p.firstName,
      patronymic: p.patronymic ?? '',
      birthDate: dotted(p.birthDate),
      gender: t(`imports:values.gender.${p.gender}`),
      iin: p.iin ?? '',
      class: p.grade !== null && p.letter !== null ? className({ grade: p.grade, letter: p.letter }) : '',
      language: p.profile === 'student' ? language(p.language) : '',
      externalId: p.externalId ?? '',
      email: p.email ?? '',
      phone: p.phone ?? '',
      parentOf: children.map((c) => c.ref).join(', '),
      relation: children[0] ? t(`imports:values.relation.${children[0].relation}`) : '',
    };
    return TEMPLATE_FIELDS.map((f) => values[f]);
  });
  await recordAudit(deps.db, origin, {
    institutionId: school.id,
    action: 'export.people',
    after: { format, rows: rows.length },
  });
  const table = templateTable(locale);
  return renderTable({ ...table, sheetName: t('imports:export.peopleSheet'), rows, notes: undefined }, format);
}

export async function exportClasses(
  deps: AppDeps,
  actor: Actor,
  format: TableFormat,
  locale: Locale,
  origin: AuditOrigin,
) {
  const school = managedSchool(actor);
  const today = localDate(origin.at);
  const year = await currentYear(deps.db, school.id, today);
  const t = translatorFor(locale);
  const classes = year
    ? await deps.db
        .selectFrom('classes as c')
        .leftJoin('persons as tp', 'tp.id', 'c.classTeacherPersonId')
        .where('c.schoolId', '=', school.id)
        .where('c.yearId', '=', year.id)
        .select([
          'c.grade',
          'c.letter',
          'c.language',
          'c.shift',
          'c.externalId',
          'tp.surname',
          'tp.firstName',
          'tp.patronymic',
          (eb) =>
            eb
              .selectFrom('classEnrollments as e')
              .whereRef('e.schoolId', '=', 'c.schoolId')
              .whereRef('e.classId', '=', 'c.id')
              .where('e.endsOn', 'is', null)
              .select((x) => x.fn.countAll<number>().as('n'))
              .as('students'),
        ])
        .orderBy('c.grade')
        .orderBy('c.letter')
        .execute()
    : [];
  const columns = ['class', 'language', 'shift', 'classTeacher', 'students', 'externalId'];
  const rows = classes.map((c) => [
    className(c),
    t(`imports:values.language.${c.language}`, { defaultValue: c.language }),
    String(c.shift),
    [c.surname, c.firstName, c.patronymic].filter(Boolean).join(' '),
    String(Number(c.students ?? 0)),
    c.externalId ?? '',
  ]);
  await recordAudit(deps.db, origin, {
    institutionId: school.id,
    action: 'export.classes',
    after: { format, rows: rows.length },
  });
  return renderTable(
    {
      sheetName: t('imports:export.classesSheet'),
      headers: columns.map((c) => t(`imports:export.classColumns.${c}`)),
      rows,
    },
    format,
  );
}
