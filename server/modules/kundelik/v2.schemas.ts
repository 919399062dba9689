import { z } from 'zod';
import { parseV2Date } from './v2.conventions.js';

/**
 * Zod schemas of the v2 surface: params and queries as clients send them, responses with the field names of
 * kundelik-v2-api.md §1 (the response schemas double as the serialiser, so every field is listed).
 */

export const zV2Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A path or query date in any client format (§1.0), as the school-local `YYYY-MM-DD` day. */
export const zV2Date = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const parsed = parseV2Date(raw);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'errors:validation.date' });
      return z.NEVER;
    }
    return parsed.day;
  });
/** A repeated query id (`schools=1&schools=2`) or a single one. */
export const zV2IdList = z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]),
  z.array(zV2Id).max(500),
);
/** A body of ids (`[1, 2]`); PYD sends a form `lessons=1,2` — both accepted. */
export const zV2IdBody = z.preprocess((v) => {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const first = Object.values(v)[0];
    if (Array.isArray(first)) return first;
    if (typeof first === 'string') return first.split(',');
  }
  return v;
}, z.array(zV2Id).max(500));

const n = z.number().nullable();
const s = z.string().nullable();
/** `{key, key_str}` shape entries. */
function idShape<K extends string>(...keys: K[]) {
  const out: Record<string, z.ZodTypeAny> = {};
  for (const k of keys) {
    out[k] = n;
    out[`${k}_str`] = s;
  }
  return out as Record<K | `${K}_str`, typeof n | typeof s>;
}

export const zV2Error = z.object({ type: z.string(), description: z.string() });
export const v2Errors = { 400: zV2Error, 401: zV2Error, 403: zV2Error, 404: zV2Error } as const;

export const zV2Person = z.object({
  ...idShape('id', 'userId'),
  firstName: z.string(),
  lastName: z.string(),
  middleName: z.string(),
  shortName: z.string(),
  sex: z.string(),
});
export const zV2User = z.object({
  ...idShape('id', 'personId'),
  name: z.string(),
  email: s,
  login: s,
  fullName: z.string(),
  fullNameInverse: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  lastName: z.string(),
  shortName: z.string(),
  locale: z.string(),
  timezone: z.string(),
  sex: z.string(),
  photoSmall: s,
  photoMedium: s,
  photoLarge: s,
  birthday: s,
  roles: z.array(z.string()),
  phone: s,
});
export const zV2Subject = z.object({
  ...idShape('id'),
  name: z.string(),
  knowledgeArea: s,
  fgosSubjectId: n,
  espSubjectName: s,
});
export const zV2CompactSubject = z.object({ ...idShape('id'), name: z.string(), knowledgeAreaId: n });
export const zV2EduGroup = z.object({
  ...idShape('id'),
  parentIds: z.array(z.number()),
  parentIds_str: z.array(z.string()),
  type: z.string(),
  name: z.string(),
  fullName: z.string(),
  parallel: z.number(),
  ...idShape('timetable'),
  status: z.string(),
  studyyear: z.number(),
  educationType: z.string(),
  subjects: z.array(zV2Subject.omit({ espSubjectName: true })),
  journaltype: z.string(),
});
export const zV2School = z.object({
  ...idShape('id'),
  name: z.string(),
  fullName: z.string(),
  avatarSmall: s,
  city: s,
  municipality: s,
  regionId: n,
  regionid: n,
  markType: z.string(),
  timeZone: z.string(),
  uses_avg: z.boolean(),
  uses_weighted_avg: z.boolean(),
  educationType: z.string(),
  tsoCityId: n,
  tsoRegionTreePath: z.string(),
});
export const zV2PersonSchool = zV2School.pick({
  id: true,
  id_str: true,
  name: true,
  educationType: true,
  tsoCityId: true,
  tsoRegionTreePath: true,
});
export const zV2Context = z.object({
  ...idShape('userId', 'personId'),
  avatarUrl: s,
  roles: z.array(z.string()),
  shortName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  middleName: z.string(),
  splitId: s,
  schoolIds: z.array(z.number()),
  schoolIds_str: z.array(z.string()),
  groupIds: z.array(z.number()),
  groupIds_str: z.array(z.string()),
  schools: z.array(
    z.object({
      ...idShape('id'),
      name: z.string(),
      type: z.string(),
      groupIds: z.array(z.number()),
      groupIds_str: z.array(z.string()),
    }),
  ),
  eduGroups: z.array(zV2EduGroup),
  children: z.array(
    z.object({
      ...idShape('personId', 'userId'),
      firstName: z.string(),
      lastName: z.string(),
      middleName: z.string(),
      shortName: z.string(),
      sex: z.string(),
      schoolIds: z.array(z.number()),
      schoolIds_str: z.array(z.string()),
      groupIds: z.array(z.number()),
      groupIds_str: z.array(z.string()),
    }),
  ),
});
export const zV2Relative = z.object({ type: z.string(), person: zV2Person });
export const zV2Period = z.object({
  ...idShape('id'),
  start: z.string(),
  finish: z.string(),
  number: z.number(),
  type: z.string(),
  name: z.string(),
  year: z.number(),
});
export const zV2PeriodGroup = z.object({
  ...idShape('id'),
  reportingPeriods: z.array(zV2Period),
  holidays: z.array(
    z.object({
      ...idShape('id'),
      reportingPeriodGroupId: n,
      dateStart: z.string(),
      dateFinish: z.string(),
      name: z.string(),
      description: s,
    }),
  ),
});
export const zV2Timetable = z.object({
  Name: z.string(),
  Start: z.string(),
  FirstLessonNumber: z.number(),
  Items: z.array(
    z.object({
      Id: z.number(),
      Start: z.string(),
      Finish: z.string(),
      Name: z.string(),
      Type: z.string(),
      DaysOfWeek: z.array(z.string()),
      LessonNumber: z.number(),
    }),
  ),
});
export const zV2Teacher = z.object({
  Id: z.number(),
  IdStr: z.string(),
  UserId: z.number(),
  UserIdStr: z.string(),
  FirstName: z.string(),
  LastName: z.string(),
  MiddleName: z.string(),
  ShortName: z.string(),
  Sex: z.string(),
  DateBirth: s,
  Email: s,
  Subjects: z.string(),
  HouseMaster: z.boolean(),
  Education: s,
  scientificDegree: s,
  StartDate: s,
  PedagogicalActivityDate: s,
  ManagingEmployee: z.boolean(),
  NameManagingPosition: s,
  TeachingStaff: z.boolean(),
  NameTeacherPosition: s,
  TrainingAndSupportStaff: z.boolean(),
  ServicePersonnel: z.boolean(),
  MedicalWorker: z.boolean(),
  NameMedicalPosition: s,
  ExternalPartTime: z.boolean(),
});
export const zV2WorkTypeShort = z.object({
  id: z.number(),
  id_str: z.string(),
  schoolId: z.number(),
  kindId: z.number(),
  kind: z.string(),
  title: z.string(),
  abbr: z.string(),
  weight: z.number(),
});
export const zV2GroupStudents = z.object({
  group: zV2EduGroup,
  students: z.array(z.object({ person: zV2Person, membershipstatus: z.string() })),
});
