import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_reference_institutions.js';
import * as m0003 from './0003_account_lifecycle.js';
import * as m0004 from './0004_registration.js';
import * as m0005 from './0005_passwords.js';
import * as m0006 from './0006_sign_in_throttle.js';
import * as m0007 from './0007_deletion.js';
import * as m0008 from './0008_school_organisation.js';
import * as m0009 from './0009_reference_calendars.js';
import * as m0010 from './0010_reference_subjects.js';
import * as m0011 from './0011_timetable_extra.js';
import * as m0012 from './0012_imports_extra.js';
import * as m0013 from './0013_journal.js';
import * as m0014 from './0014_term_grades.js';
import * as m0015 from './0015_homework_attachments.js';
import * as m0016 from './0016_topic_plans_year_grades.js';
import * as m0017 from './0017_diary.js';
import * as m0018 from './0018_scale_out.js';
import * as m0019 from './0019_marks_partitioned.js';
import * as m0020 from './0020_notifications.js';
import * as m0021 from './0021_class_distribution.js';
import * as m0022 from './0022_api_clients.js';
import * as m0023 from './0023_web_push.js';
import * as m0024 from './0024_newsletters.js';
import * as m0025 from './0025_api_token_lifecycle.js';
import * as m0026 from './0026_statistics_snapshots.js';

/**
 * Every migration, in order. Append-only: a merged migration is never edited; a change is a new file.
 * A static list (not a directory scan) so the set is fixed at build time and typed.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_reference_institutions': m0002,
  '0003_account_lifecycle': m0003,
  '0004_registration': m0004,
  '0005_passwords': m0005,
  '0006_sign_in_throttle': m0006,
  '0007_deletion': m0007,
  '0008_school_organisation': m0008,
  '0009_reference_calendars': m0009,
  '0010_reference_subjects': m0010,
  '0011_timetable_extra': m0011,
  '0012_imports_extra': m0012,
  '0013_journal': m0013,
  '0014_term_grades': m0014,
  '0015_homework_attachments': m0015,
  '0016_topic_plans_year_grades': m0016,
  '0017_diary': m0017,
  '0018_scale_out': m0018,
  '0019_marks_partitioned': m0019,
  '0020_notifications': m0020,
  '0021_class_distribution': m0021,
  '0022_api_clients': m0022,
  '0023_web_push': m0023,
  '0024_newsletters': m0024,
  '0025_api_token_lifecycle': m0025,
  '0026_statistics_snapshots': m0026,
};
