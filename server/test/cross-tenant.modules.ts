import { apiClientsCrossTenant } from '../modules/api-clients/api-clients.cross-tenant.js';
import { classViewCrossTenant } from '../modules/class-view/class-view.cross-tenant.js';
import { classesCrossTenant } from '../modules/classes/classes.cross-tenant.js';
import { diaryCrossTenant } from '../modules/diary/diary.cross-tenant.js';
import { importsCrossTenant } from '../modules/imports/imports.cross-tenant.js';
import { journalCrossTenant } from '../modules/journal/journal.cross-tenant.js';
import { topicPlansCrossTenant } from '../modules/journal/topic-plans.cross-tenant.js';
import { notificationsCrossTenant } from '../modules/notifications/notifications.cross-tenant.js';
import { reportsCrossTenant } from '../modules/reports/reports.cross-tenant.js';
import { schoolYearCrossTenant } from '../modules/school-year/school-year.cross-tenant.js';
import { statisticsCrossTenant } from '../modules/statistics/statistics.cross-tenant.js';
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
  classViewCrossTenant,
  topicPlansCrossTenant,
  reportsCrossTenant,
  diaryCrossTenant,
  statisticsCrossTenant,
  notificationsCrossTenant,
  apiClientsCrossTenant,
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
  'homeworkAttachments',
  'periodClosures',
  'journalOverrides',
  'topicPlans',
  'topicPlanItems',
  'yearGrades',
  'homeworkDone',
  'notifications',
  'apiClientSchools',
  'statisticsSnapshots',
] as const;
