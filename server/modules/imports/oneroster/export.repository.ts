import { sql } from 'kysely';
import type { Database } from '../../../db/client.js';

/** Everything the export needs, in a fixed number of queries. */
export async function loadExportData(db: Database, schoolId: number, yearId: number, today: string) {
  const [school, periods, subjects, classes, people, links, enrolments, assignments] = await Promise.all([
    db.selectFrom('institutions').where('id', '=', schoolId).select(['nameKk']).executeTakeFirstOrThrow(),
    db
      .selectFrom('academicPeriods')
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', yearId)
      .select(['id', 'kind', 'number', 'startsOn', 'endsOn'])
      .orderBy('startsOn')
      .execute(),
    db
      .selectFrom('subjects')
      .where('schoolId', '=', schoolId)
      .where('archivedAt', 'is', null)
      .select(['id', 'externalId', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('classes')
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', yearId)
      .select(['id', 'grade', 'letter', 'language', 'shift', 'externalId', 'classTeacherPersonId'])
      .orderBy('grade')
      .orderBy('letter')
      .execute(),
    // One row per person: the first of their current memberships (staff, student, parent).
    sql<{
      personId: number;
      membershipId: number;
      profile: 'school_employee' | 'student' | 'parent';
      roles: string[];
      startsOn: string;
      externalId: string | null;
      surname: string;
      firstName: string;
      patronymic: string | null;
      birthDate: string;
      gender: string;
      iin: string | null;
      email: string | null;
      phone: string | null;
      username: string | null;
      locale: string | null;
    }>`
      select distinct on (p.id) p.id as "personId", m.id as "membershipId", m.profile, m.roles,
             m.starts_on as "startsOn", m.external_id as "externalId", p.surname, p.first_name as "firstName",
             p.patronymic, p.birth_date as "birthDate", p.gender, p.iin, p.email, p.phone, a.username, a.locale
        from memberships m
        join persons p on p.id = m.person_id and p.deleted_at is null
        left join accounts a on a.person_id = p.id
       where m.institution_id = ${schoolId} and (m.ends_on is null or m.ends_on > ${today})
         and m.profile in ('school_employee', 'student', 'parent')
       order by p.id, case m.profile when 'school_employee' then 0 when 'student' then 1 else 2 end`
      .execute(db)
      .then((r) => r.rows),
    db
      .selectFrom('guardianships')
      .where('institutionId', '=', schoolId)
      .select(['parentPersonId', 'childPersonId', 'relation'])
      .orderBy('parentPersonId')
      .orderBy('childPersonId')
      .execute(),
    db
      .selectFrom('classEnrollments')
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', yearId)
      .where('endsOn', 'is', null)
      .select(['id', 'classId', 'studentPersonId as personId', 'startsOn'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('teachingAssignments as ta')
      .leftJoin('subgroups as sg', (j) =>
        j.onRef('sg.schoolId', '=', 'ta.schoolId').onRef('sg.id', '=', 'ta.subgroupId'),
      )
      .where('ta.schoolId', '=', schoolId)
      .where('ta.yearId', '=', yearId)
      .select([
        'ta.id',
        'ta.classId',
        'ta.subjectId',
        'ta.teacherPersonId',
        'sg.name as subgroupName',
        (eb) =>
          eb
            .case()
            .when('ta.subgroupId', 'is', null)
            .then(sql<number[] | null>`null`)
            .else(
              sql<number[]>`array(select sm.student_person_id from subgroup_members sm
                                   where sm.school_id = ta.school_id and sm.subgroup_id = ta.subgroup_id)`,
            )
            .end()
            .as('subgroupMembers'),
      ])
      .orderBy('ta.id')
      .execute(),
  ]);
  return { schoolName: school.nameKk, periods, subjects, classes, people, links, enrolments, assignments };
}
