import JSZip from 'jszip';
import type { AppDeps } from '../../../deps.js';
import { localDate } from '../../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../../audit/audit.recorder.js';
import type { Actor } from '../../auth/actor.js';
import { className } from '../../classes/classes.queries.js';
import { currentYear } from '../../school-year/school-year.queries.js';
import { managedSchool } from '../imports.service.js';
import { loadExportData } from './export.repository.js';

/**
 * OneRoster 1.2 CSV binding, bulk mode (so `status` and `dateLastModified` are left empty): manifest.csv,
 * orgs, academicSessions, courses, classes, users, roles, demographics, enrollments. Extension columns
 * (`metadata.dapter.*`) carry what OneRoster has no field for and our import reads back: subject names in
 * three languages, a class's language of instruction, the homeroom a scheduled class is taught to and the
 * sub-group it is, a parent's relation. sourcedIds: the school's external id where it has one, else our id with a type prefix (the
 * entity types' ids come from different sequences).
 *
 * What maps to what: the school → an org; the current year and its quarters / half-years → academic sessions;
 * subjects → courses; classes → homeroom classes (their students and class teacher enrolled); teaching
 * assignments → scheduled classes (the teacher and the class's students enrolled); people → users (+ roles,
 * demographics for birth date and sex, the IIN in userIds as {IIN:…}, parents ↔ children in agentSourcedIds).
 */

const HOMEROOM_COURSE = 'course-homeroom';

function csv(headers: string[], rows: Array<Record<string, string | number | null | undefined>>): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[headers.join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\r\n')}\r\n`;
}

const grade2 = (g: number) => String(g).padStart(2, '0');
const ROLE_OF_PROFILE = { student: 'student', parent: 'parent' } as const;

export async function exportOneRoster(deps: AppDeps, actor: Actor, origin: AuditOrigin): Promise<Buffer> {
  const school = managedSchool(actor);
  const db = deps.db;
  const today = localDate(origin.at);
  const year = await currentYear(db, school.id, today);
  const yearId = year?.id ?? 0;
  const data = await loadExportData(db, school.id, yearId, today);
  const orgId = `org-${school.id}`;
  const yearSid = year ? `year-${year.id}` : '';

  const orgs = csv(
    ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
    [{ sourcedId: orgId, name: data.schoolName, type: 'school', identifier: String(school.id) }],
  );

  const sessions = year
    ? [
        {
          sourcedId: yearSid,
          title: year.name,
          type: 'schoolYear',
          startDate: year.startsOn,
          endDate: year.endsOn,
          schoolYear: year.endsOn.slice(0, 4),
        },
        ...data.periods.map((p) => ({
          sourcedId: `period-${p.id}`,
          title: `${p.kind === 'quarter' ? 'Q' : 'H'}${p.number}`,
          type: p.kind === 'quarter' ? 'gradingPeriod' : 'semester',
          startDate: p.startsOn,
          endDate: p.endsOn,
          parentSourcedId: yearSid,
          schoolYear: year.endsOn.slice(0, 4),
        })),
      ]
    : [];
  const academicSessions = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'title',
      'type',
      'startDate',
      'endDate',
      'parentSourcedId',
      'schoolYear',
    ],
    sessions,
  );

  const subjectSid = (s: { id: number; externalId: string | null }) => s.externalId ?? `subject-${s.id}`;
  const courses = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'schoolYearSourcedId',
      'title',
      'courseCode',
      'grades',
      'orgSourcedId',
      'subjects',
      'subjectCodes',
      'metadata.dapter.nameKk',
      'metadata.dapter.nameRu',
      'metadata.dapter.nameEn',
      'metadata.dapter.catalogueCode',
      'metadata.dapter.homeroom',
    ],
    [
      ...(data.classes.length > 0
        ? [
            {
              sourcedId: HOMEROOM_COURSE,
              title: 'Homeroom',
              orgSourcedId: orgId,
              schoolYearSourcedId: yearSid,
              'metadata.dapter.homeroom': 'true',
            },
          ]
        : []),
      ...data.subjects.map((s) => ({
        sourcedId: subjectSid(s),
        schoolYearSourcedId: yearSid,
        title: s.nameKk,
        courseCode: s.catalogueCode ?? '',
        orgSourcedId: orgId,
        subjects: s.nameEn,
        'metadata.dapter.nameKk': s.nameKk,
        'metadata.dapter.nameRu': s.nameRu,
        'metadata.dapter.nameEn': s.nameEn,
        'metadata.dapter.catalogueCode': s.catalogueCode ?? '',
      })),
    ],
  );

  const classSid = (c: { id: number; externalId: string | null }) => c.externalId ?? `class-${c.id}`;
  const classById = new Map(data.classes.map((c) => [c.id, c]));
  const subjectById = new Map(data.subjects.map((s) => [s.id, s]));
  const classRows = [
    ...data.classes.map((c) => ({
      sourcedId: classSid(c),
      title: className(c),
      grades: grade2(c.grade),
      courseSourcedId: HOMEROOM_COURSE,
      classCode: className(c),
      classType: 'homeroom',
      schoolSourcedId: orgId,
      termSourcedIds: yearSid,
      'metadata.dapter.language': c.language,
      'metadata.dapter.shift': c.shift,
    })),
    ...data.assignments.flatMap((a) => {
      const c = classById.get(a.classId);
      const s = subjectById.get(a.subjectId);
      if (!c || !s) return [];
      return [
        {
          sourcedId: `assignment-${a.id}`,
          title: `${className(c)} ${s.nameKk}${a.subgroupName ? ` (${a.subgroupName})` : ''}`,
          grades: grade2(c.grade),
          courseSourcedId: subjectSid(s),
          classCode: className(c),
          classType: 'scheduled',
          schoolSourcedId: orgId,
          termSourcedIds: yearSid,
          subjects: s.nameEn,
          'metadata.dapter.language': c.language,
          'metadata.dapter.homeroomSourcedId': classSid(c),
          'metadata.dapter.subgroup': a.subgroupName ?? '',
        },
      ];
    }),
  ];
  const classes = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'title',
      'grades',
      'courseSourcedId',
      'classCode',
      'classType',
      'location',
      'schoolSourcedId',
      'termSourcedIds',
      'subjects',
      'subjectCodes',
      'periods',
      'metadata.dapter.language',
      'metadata.dapter.shift',
      'metadata.dapter.homeroomSourcedId',
      'metadata.dapter.subgroup',
    ],
    classRows,
  );

  const userSid = new Map(data.people.map((p) => [p.personId, p.externalId ?? `person-${p.personId}`]));
  const parentsOf = new Map<number, number[]>();
  const childrenOf = new Map<number, Array<{ id: number; relation: string }>>();
  for (const l of data.links) {
    if (!userSid.has(l.parentPersonId) || !userSid.has(l.childPersonId)) continue;
    parentsOf.set(l.childPersonId, [...(parentsOf.get(l.childPersonId) ?? []), l.parentPersonId]);
    childrenOf.set(l.parentPersonId, [
      ...(childrenOf.get(l.parentPersonId) ?? []),
      { id: l.childPersonId, relation: l.relation },
    ]);
  }
  const gradeOf = new Map(data.enrolments.map((e) => [e.personId, classById.get(e.classId)?.grade]));
  const agents = (p: (typeof data.people)[number]) =>
    (p.profile === 'student'
      ? (parentsOf.get(p.personId) ?? [])
      : p.profile === 'parent'
        ? (childrenOf.get(p.personId) ?? []).map((c) => c.id)
        : []
    )
      .map((id) => userSid.get(id))
      .join(',');
  const users = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'enabledUser',
      'username',
      'userIds',
      'givenName',
      'familyName',
      'middleName',
      'identifier',
      'email',
      'sms',
      'phone',
      'agentSourcedIds',
      'grades',
      'password',
      'userMasterIdentifier',
      'resourceSourcedIds',
      'preferredGivenName',
      'preferredMiddleName',
      'preferredFamilyName',
      'primaryOrgSourcedId',
      'pronouns',
      'metadata.dapter.language',
      'metadata.dapter.relation',
    ],
    data.people.map((p) => ({
      sourcedId: userSid.get(p.personId),
      enabledUser: 'true',
      username: p.username ?? '',
      userIds: p.iin ? `{IIN:${p.iin}}` : '',
      givenName: p.firstName,
      familyName: p.surname,
      middleName: p.patronymic ?? '',
      identifier: p.externalId ?? '',
      email: p.email ?? '',
      phone: p.phone ?? '',
      agentSourcedIds: agents(p),
      grades: gradeOf.get(p.personId) !== undefined ? grade2(gradeOf.get(p.personId)!) : '',
      primaryOrgSourcedId: orgId,
      'metadata.dapter.language': p.locale ?? '',
      'metadata.dapter.relation': p.profile === 'parent' ? (childrenOf.get(p.personId)?.[0]?.relation ?? '') : '',
    })),
  );
  const roles = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'userSourcedId',
      'roleType',
      'role',
      'beginDate',
      'endDate',
      'orgSourcedId',
      'userProfileSourcedId',
    ],
    data.people.map((p) => ({
      sourcedId: `role-${p.membershipId}`,
      userSourcedId: userSid.get(p.personId),
      roleType: 'primary',
      role:
        p.profile === 'school_employee'
          ? p.roles.includes('teacher') || p.roles.includes('class_teacher')
            ? 'teacher'
            : 'administrator'
          : ROLE_OF_PROFILE[p.profile],
      beginDate: p.startsOn,
      orgSourcedId: orgId,
    })),
  );
  const demographics = csv(
    ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex'],
    data.people.map((p) => ({ sourcedId: userSid.get(p.personId), birthDate: p.birthDate, sex: p.gender })),
  );

  const enrolmentRows: Array<Record<string, string>> = [];
  const studentsOf = new Map<number, typeof data.enrolments>();
  for (const e of data.enrolments) {
    if (!userSid.has(e.personId) || !classById.has(e.classId)) continue;
    studentsOf.set(e.classId, [...(studentsOf.get(e.classId) ?? []), e]);
    enrolmentRows.push({
      sourcedId: `enrollment-${e.id}`,
      classSourcedId: classSid(classById.get(e.classId)!),
      schoolSourcedId: orgId,
      userSourcedId: userSid.get(e.personId)!,
      role: 'student',
      primary: 'false',
      beginDate: e.startsOn,
    });
  }
  for (const c of data.classes) {
    if (c.classTeacherPersonId === null || !userSid.has(c.classTeacherPersonId)) continue;
    enrolmentRows.push({
      sourcedId: `classteacher-${c.id}`,
      classSourcedId: classSid(c),
      schoolSourcedId: orgId,
      userSourcedId: userSid.get(c.classTeacherPersonId)!,
      role: 'teacher',
      primary: 'true',
      beginDate: year?.startsOn ?? '',
    });
  }
  for (const a of data.assignments) {
    if (!classById.has(a.classId) || !subjectById.has(a.subjectId)) continue;
    const sid = `assignment-${a.id}`;
    if (userSid.has(a.teacherPersonId)) {
      enrolmentRows.push({
        sourcedId: `${sid}-teacher`,
        classSourcedId: sid,
        schoolSourcedId: orgId,
        userSourcedId: userSid.get(a.teacherPersonId)!,
        role: 'teacher',
        primary: 'true',
        beginDate: year?.startsOn ?? '',
      });
    }
    const members = a.subgroupMembers ?? (studentsOf.get(a.classId) ?? []).map((e) => e.personId);
    for (const personId of members) {
      if (!userSid.has(personId)) continue;
      enrolmentRows.push({
        sourcedId: `${sid}-${personId}`,
        classSourcedId: sid,
        schoolSourcedId: orgId,
        userSourcedId: userSid.get(personId)!,
        role: 'student',
        primary: 'false',
        beginDate: year?.startsOn ?? '',
      });
    }
  }
  const enrollments = csv(
    [
      'sourcedId',
      'status',
      'dateLastModified',
      'classSourcedId',
      'schoolSourcedId',
      'userSourcedId',
      'role',
      'primary',
      'beginDate',
      'endDate',
    ],
    enrolmentRows,
  );

  const files: Record<string, string> = {
    'orgs.csv': orgs,
    'academicSessions.csv': academicSessions,
    'courses.csv': courses,
    'classes.csv': classes,
    'users.csv': users,
    'roles.csv': roles,
    'demographics.csv': demographics,
    'enrollments.csv': enrollments,
  };
  const absent = [
    'categories',
    'classResources',
    'courseResources',
    'lineItems',
    'lineItemLearningObjectiveIds',
    'lineItemScoreScales',
    'resources',
    'results',
    'resultLearningObjectiveIds',
    'resultScoreScales',
    'scoreScales',
    'userProfiles',
    'userResources',
  ];
  const manifest = csv(
    ['propertyName', 'value'],
    [
      { propertyName: 'manifest.version', value: '1.0' },
      { propertyName: 'oneroster.version', value: '1.2' },
      ...Object.keys(files).map((f) => ({ propertyName: `file.${f.replace(/\.csv$/, '')}`, value: 'bulk' })),
      ...absent.map((f) => ({ propertyName: `file.${f}`, value: 'absent' })),
      { propertyName: 'source.systemName', value: 'Dapter' },
      { propertyName: 'source.systemCode', value: 'dapter' },
    ],
  );
  const zip = new JSZip();
  zip.file('manifest.csv', manifest);
  for (const [name, body] of Object.entries(files)) zip.file(name, body);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  await recordAudit(db, origin, {
    institutionId: school.id,
    action: 'export.oneroster',
    after: {
      users: data.people.length,
      classes: classRows.length,
      courses: data.subjects.length,
      enrollments: enrolmentRows.length,
    },
  });
  return buffer;
}
