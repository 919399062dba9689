import { arrayOf, ID_LIST, NSTR, NULLABLE_DATE_TIME, object, type Schema, STR, TEXT } from './schemas.common.js';
import { EduGroup } from './schemas.groups.js';

// ------------------------------------------------------------------------------------------ §1.2 users, context

/** ALX-P model/user/Role.java is a Java enum: an unknown value breaks its parsing. */
export const ROLE: Schema = {
  enum: ['EduStudent', 'EduStaff', 'EduParent', 'OrganizationStaff', 'EduSchoolAdministrator'],
};
export const Roles: Schema = { ...arrayOf(ROLE), uniqueItems: true };

/** User: KEK reads id, shortName, personId. */
export const User = object({
  required: ['shortName'],
  ids: ['id', 'personId'],
  properties: {
    shortName: TEXT,
    name: NSTR,
    email: NSTR,
    login: NSTR,
    fullName: NSTR,
    fullNameInverse: NSTR,
    firstName: NSTR,
    middleName: NSTR,
    lastName: NSTR,
    locale: NSTR,
    timezone: { type: ['string', 'integer', 'null'] },
    sex: NSTR,
    photoSmall: NSTR,
    photoMedium: NSTR,
    photoLarge: NSTR,
    birthday: NULLABLE_DATE_TIME,
    roles: Roles,
    phone: NSTR,
  },
});

export const Context = object({
  required: ['roles', 'shortName', 'schoolIds', 'groupIds', 'schools', 'eduGroups', 'children'],
  ids: ['userId', 'personId'],
  properties: {
    roles: Roles,
    shortName: TEXT,
    avatarUrl: NSTR,
    firstName: NSTR,
    lastName: NSTR,
    middleName: NSTR,
    splitId: { type: ['string', 'integer', 'null'] },
    schoolIds: ID_LIST,
    groupIds: ID_LIST,
    schools: arrayOf(
      object({ required: ['name'], ids: ['id'], properties: { name: TEXT, type: NSTR, groupIds: ID_LIST } }),
    ),
    eduGroups: arrayOf(EduGroup),
    children: arrayOf(
      object({
        required: ['shortName', 'schoolIds', 'groupIds'],
        ids: ['personId'],
        properties: {
          firstName: NSTR,
          lastName: NSTR,
          middleName: NSTR,
          shortName: TEXT,
          schoolIds: ID_LIST,
          groupIds: ID_LIST,
        },
      }),
    ),
  },
});

// ---------------------------------------------------------------------------------------------- §1.3 persons

export const Person = object({
  required: ['firstName', 'lastName', 'shortName'],
  ids: ['id'],
  nullableIds: ['userId'],
  properties: { firstName: TEXT, lastName: TEXT, middleName: NSTR, shortName: TEXT, sex: NSTR },
});

/** users/me/relatives (ALX-P UserRelative.java). */
export const Relative = object({ required: ['type', 'person'], properties: { type: STR, person: Person } });

/** edu-groups/students (ACB TEduGroupWithStudents; ALX-P StudentsWrapper). */
export const GroupWithStudents = object({
  required: ['group', 'students'],
  properties: {
    group: EduGroup,
    students: arrayOf(
      object({
        required: ['person', 'membershipstatus'],
        properties: { person: Person, membershipstatus: { enum: ['Active', 'Archive'] } },
      }),
    ),
  },
});

/** teacher/{t}/students (ALX-P PersonsWrapper). */
export const PersonsWrapper = object({
  required: ['students'],
  ids: ['id'],
  properties: { students: arrayOf(Person) },
});
