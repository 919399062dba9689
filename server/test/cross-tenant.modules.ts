import { classesCrossTenant } from '../modules/classes/classes.cross-tenant.js';
import { importsCrossTenant } from '../modules/imports/imports.cross-tenant.js';
import { journalCrossTenant } from '../modules/journal/journal.cross-tenant.js';
import { schoolYearCrossTenant } from '../modules/school-year/school-year.cross-tenant.js';
import { timetableCrossTenant } from '../modules/timetable/timetable.cross-tenant.js';
import type { CrossTenantModule } from './cross-tenant.types.js';

/**
 * The modules that keep their cross-tenant fixtures beside themselves. Issue 4 workstreams add one line each.
 */
export const crossTenantModules: CrossTenantModule[] = [
  // one module per line
  schoolYearCrossTenant,
  classesCrossTenant,
  timetableCrossTenant,
  importsCrossTenant,
  journalCrossTenant,
];

/**
 * Every table holding one school's data (school_id leads its key): the victim school's rows in each are
 * compared byte for byte before and after the attack.
 */
export const SCHOOL_TABLES = [
  'academicYears',
  'academicPeriods',
  'daysOff',
  'bellSchedules',
  'subjects',
  'classes',
  'classEnrollments',
  'subgroups',
  'subgroupMembers',
  'curriculumHours',
  'assessmentModes',
  'teachingAssignments',
  'rooms',
  'timetableEntries',
  'lessons',
  'lessonChanges',
  'importJobs',
  'importRows',
  'assessmentWorks',
  'marks',
  'termGrades',
  'attendance',
  'homework',
  'periodClosures',
  'journalOverrides',
] as const;
