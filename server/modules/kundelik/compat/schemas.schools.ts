import {
  BOOL,
  ID,
  ID_STR,
  INT,
  NINT,
  NSTR,
  NULLABLE_DATE_TIME,
  NULLABLE_ID,
  NULLABLE_ID_STR,
  object,
  type Schema,
  STR,
  TEXT,
} from './schemas.common.js';

// ---------------------------------------------------------------------------------------------- §1.4 schools

/** School: ACB's `regionid` vs `regionId` CONFLICT — both accepted (neither is read by a Kundelik client). */
export const School = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    name: TEXT,
    fullName: NSTR,
    avatarSmall: NSTR,
    city: NSTR,
    municipality: NSTR,
    regionId: NINT,
    regionid: NINT,
    markType: NSTR,
    timeZone: { type: ['string', 'integer', 'null'] },
    uses_avg: BOOL,
    uses_weighted_avg: BOOL,
    educationType: NSTR,
    tsoCityId: { type: ['integer', 'string', 'null'] },
    tsoRegionTreePath: NSTR,
  },
});

/** schools/person-schools: the Kundelik homework bot takes `[0].id`. */
export const PersonSchool = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    name: TEXT,
    educationType: NSTR,
    tsoCityId: { type: ['integer', 'string', 'null'] },
    tsoRegionTreePath: NSTR,
  },
});

/** schools/{s}/teachers: PascalCase (ALX-P Teacher.java), ids as Id/IdStr. */
export const Teacher: Schema = {
  type: 'object',
  required: ['Id', 'IdStr', 'FirstName', 'LastName', 'ShortName'],
  properties: {
    Id: ID,
    IdStr: ID_STR,
    UserId: NULLABLE_ID,
    UserIdStr: NULLABLE_ID_STR,
    FirstName: TEXT,
    LastName: TEXT,
    MiddleName: NSTR,
    ShortName: TEXT,
    Sex: NSTR,
    DateBirth: NULLABLE_DATE_TIME,
    Email: NSTR,
    Subjects: NSTR,
  },
  dependentRequired: { UserId: ['UserIdStr'] },
};

/** work-types/{school} (ALX-P WorkType.java). */
export const SchoolWorkType = object({
  required: ['title', 'kind'],
  ids: ['id'],
  properties: { schoolId: INT, kindId: NINT, kind: STR, title: TEXT, abbr: NSTR, weight: { type: ['number', 'null'] } },
});
