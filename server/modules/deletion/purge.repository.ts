import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * The queries of the purge (purge.ts). Every statement handles a whole batch of persons at once.
 *
 * What happens to each table that refers to a person — `PERSON_COLUMNS` lists them all, and a test fails when
 * the database has a person reference that is not listed, so a new table cannot be forgotten:
 *   anonymise  persons (names → placeholder, IIN/contacts → null, birth date → 1 January), accounts
 *   delete     sessions, password_history, account_tokens, mail_outbox (mail to the person), calendar_feeds,
 *              correction_requests and import_rows (they quote the person's data), notifications to or
 *              about the person, notification settings, contacts and queued deliveries
 *   scrub      agreement_acceptances and minor_consents keep who/which/when, lose ip and user agent
 *   redact     audit_events: the events about the person lose every payload key that is not on `AUDIT_KEEP`;
 *              the events the person caused lose ip and user agent
 *   keep       memberships, guardianships (ids and dates: the journal history stays consistent under the
 *              anonymous person) and the staff references (resolved_by, created_by…) of other people's rows
 */
export const PERSON_COLUMNS = {
  'persons.id': 'anonymise',
  'accounts.person_id': 'anonymise',
  'sessions.person_id': 'delete',
  'password_history.person_id': 'delete',
  'account_tokens.person_id': 'delete',
  'mail_outbox.person_id': 'delete',
  'correction_requests.person_id': 'delete',
  'correction_requests.resolved_by': 'keep',
  'agreement_acceptances.person_id': 'scrub',
  'agreement_versions.created_by': 'keep',
  'agreement_versions.published_by': 'keep',
  'minor_consents.child_person_id': 'scrub',
  'minor_consents.parent_person_id': 'scrub',
  'institution_settings.updated_by': 'keep',
  'memberships.person_id': 'keep',
  'guardianships.parent_person_id': 'keep',
  'guardianships.child_person_id': 'keep',
  'audit_events.actor_person_id': 'redact',
  'audit_events.subject_id': 'redact',
  // Issue 4: the school's organisation refers to its people by id only; the history stays under the anonymous
  // person. The secret calendar feed goes; import rows quote a file's personal data, so they go too.
  'classes.class_teacher_person_id': 'keep',
  'class_enrollments.student_person_id': 'keep',
  'subgroup_members.student_person_id': 'keep',
  'teaching_assignments.teacher_person_id': 'keep',
  'lessons.teacher_person_id': 'keep',
  'lessons.substitute_teacher_person_id': 'keep',
  'lesson_changes.actor_person_id': 'keep',
  'import_jobs.created_by_person_id': 'keep',
  'import_rows.matched_person_id': 'delete',
  'calendar_feeds.person_id': 'delete',
  // Issue 5: the journal keeps its marks, attendance and their authors under the anonymous person (a class's
  // history must stay consistent); comments and reasons are the teacher's words, not the person's data.
  'assessment_works.created_by': 'keep',
  'marks.student_person_id': 'keep',
  'term_grades.student_person_id': 'keep',
  'term_grades.computed_by': 'keep',
  'marks.created_by': 'keep',
  'marks.updated_by': 'keep',
  'marks.deleted_by': 'keep',
  'attendance.student_person_id': 'keep',
  'attendance.updated_by': 'keep',
  'homework.created_by': 'keep',
  'homework.updated_by': 'keep',
  'homework_attachments.created_by': 'keep',
  // A student's own "done" ticks: worth nothing once the person is gone.
  'homework_done.student_person_id': 'delete',
  // Issue 7 §2: notifications to or about the person, their settings and contacts exist only for them.
  'notifications.recipient_person_id': 'delete',
  'notifications.student_person_id': 'delete',
  'notification_settings.person_id': 'delete',
  'notification_quiet_hours.person_id': 'delete',
  'contacts.person_id': 'delete',
  // Issue 7 §2 (0023): the person's devices for web push.
  'push_subscriptions.person_id': 'delete',
  // Issue 7 §2 (0024): who sent a newsletter is authority staff, like any other author.
  'newsletters.sent_by': 'keep',
  // Issue 8 (0022): the person's API tokens exist only for them; who registered or enabled a client is staff.
  'api_tokens.person_id': 'delete',
  'api_clients.created_by': 'keep',
  'api_client_schools.enabled_by': 'keep',
  'period_closures.closed_by': 'keep',
  'period_closures.reopened_by': 'keep',
  'journal_overrides.created_by': 'keep',
  'topic_plans.uploaded_by': 'keep',
  'topic_plans.subject_id': 'notAPerson',
  'year_grades.student_person_id': 'keep',
  'year_grades.computed_by': 'keep',
  // A school subject, not a person (the name pattern above catches it).
  'curriculum_hours.subject_id': 'notAPerson',
  'assessment_modes.subject_id': 'notAPerson',
  'teaching_assignments.subject_id': 'notAPerson',
  'lessons.subject_id': 'notAPerson',
} as const;

/**
 * Audit payload keys that never hold personal data (ids, codes, dates of memberships, counts). Everything else
 * in the before/after of an event about a purged person is removed — a whitelist, so a payload key added later
 * is redacted unless someone decides it is harmless.
 */
export const AUDIT_KEEP = [
  'redacted',
  'membershipId',
  'institutionId',
  'profile',
  'roles',
  'isAdmin',
  'startsOn',
  'endsOn',
  'endReason',
  'relation',
  'parentPersonId',
  'childPersonId',
  'locale',
  'reason',
  'byOwnRequest',
  'purgeAfter',
  'membershipsEnded',
  'sessionsEnded',
  'afterMonths',
  // Issue 4, classes: where a student was placed (ids and dates only)
  'classId',
  'yearId',
  'enrollmentsEnded',
] as const;

/** A fixed key for this job's advisory lock ("dapter purge"). */
const PURGE_LOCK_KEY = 4_470_706_517;

/** Only one purge at a time across every process on this database; released at commit. Works on PGlite too. */
export async function tryPurgeLock(trx: Database): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${PURGE_LOCK_KEY}::bigint) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/**
 * Deleted at least `months` calendar months before `now` (in UTC, like purgeDueAt) and not purged yet, oldest
 * first. The partial index persons_purge_due_idx holds exactly the deleted-but-not-purged rows.
 */
export async function dueForPurge(trx: Database, now: Date, months: number, limit: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('persons')
    .where('deletedAt', 'is not', null)
    .where('purgedAt', 'is', null)
    .where(
      sql<boolean>`(deleted_at at time zone 'UTC' + make_interval(months => ${months}::int)) at time zone 'UTC' <= ${now}`,
    )
    .select('id')
    .orderBy('deletedAt')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => r.id);
}

/** (person, institution) for every membership the persons hold or held: where their events are and go. */
export async function membershipInstitutions(trx: Database, ids: number[]) {
  return trx
    .selectFrom('memberships')
    .where('personId', 'in', ids)
    .select(['personId', 'institutionId'])
    .distinct()
    .execute();
}

/**
 * Names become a placeholder without language ("—" and "#<id>"), the optional data null. birth_date is NOT
 * NULL, so it keeps only the year (1 January), enough for age statistics and nothing more; gender is kept for
 * the same reason (NOT NULL, two values). The account keeps its row (ids in history point at it) but loses
 * its username, password and every sign-in trace.
 */
export async function anonymise(trx: Database, ids: number[], now: Date) {
  await trx
    .updateTable('persons')
    .set({
      surname: '—',
      firstName: sql<string>`'#' || id::text`,
      patronymic: null,
      iin: null,
      email: null,
      phone: null,
      birthDate: sql<string>`make_date(extract(year from birth_date)::int, 1, 1)`,
      purgedAt: now,
      updatedAt: now,
    })
    .where('id', 'in', ids)
    .where('purgedAt', 'is', null)
    .execute();
  await trx
    .updateTable('accounts')
    .set({
      username: sql<string>`'deleted-' || person_id::text`,
      passwordHash: null,
      passwordIsTemporary: false,
      tempPasswordExpiresAt: null,
      passwordChangedAt: null,
      mustChangePassword: false,
      status: 'disabled',
      lastSignInAt: null,
      emailVerifiedAt: null,
      failedSignIns: 0,
      signInBlockedUntil: null,
      updatedAt: now,
    })
    .where('personId', 'in', ids)
    .execute();
}

/** Rows that exist only for the person (sessions, secrets, their mail, their correction requests). */
export async function deletePersonalRows(trx: Database, ids: number[], institutionIds: number[]) {
  await trx.deleteFrom('sessions').where('personId', 'in', ids).execute();
  await trx.deleteFrom('passwordHistory').where('personId', 'in', ids).execute();
  await trx.deleteFrom('accountTokens').where('personId', 'in', ids).execute();
  await trx.deleteFrom('mailOutbox').where('personId', 'in', ids).execute();
  await trx.deleteFrom('calendarFeeds').where('personId', 'in', ids).execute();
  // Issue 7 §2: settings, contacts and queued deliveries (notification_jobs.person_ids: everyone a job concerns).
  await trx.deleteFrom('notificationSettings').where('personId', 'in', ids).execute();
  await trx.deleteFrom('notificationQuietHours').where('personId', 'in', ids).execute();
  await trx.deleteFrom('contacts').where('personId', 'in', ids).execute();
  await trx.deleteFrom('pushSubscriptions').where('personId', 'in', ids).execute();
  await trx.deleteFrom('apiTokens').where('personId', 'in', ids).execute();
  await sql`delete from notification_jobs where person_ids && ${sql.val(ids)}::bigint[]`.execute(trx);
  // Notifications are keyed by the event's school: the person's schools and those where they are linked as a
  // parent or child (a parent's notifications live at the child's school).
  const linked = await trx
    .selectFrom('guardianships')
    .where((w) => w.or([w('parentPersonId', 'in', ids), w('childPersonId', 'in', ids)]))
    .select('institutionId')
    .distinct()
    .execute();
  const schools = [...new Set([...institutionIds, ...linked.map((g) => g.institutionId)])];
  if (schools.length > 0) {
    await trx
      .deleteFrom('notifications')
      .where('schoolId', 'in', schools)
      .where((w) => w.or([w('recipientPersonId', 'in', ids), w('studentPersonId', 'in', ids)]))
      .execute();
  }
  if (institutionIds.length > 0) {
    await trx
      .deleteFrom('correctionRequests')
      .where('institutionId', 'in', institutionIds)
      .where('personId', 'in', ids)
      .execute();
    // Import rows that became (or were matched to) the person quote a file's data about them (issue 4).
    await trx
      .deleteFrom('importRows')
      .where('schoolId', 'in', institutionIds)
      .where('matchedPersonId', 'in', ids)
      .execute();
    // The student's own homework ticks (issue 7).
    await trx
      .deleteFrom('homeworkDone')
      .where('schoolId', 'in', institutionIds)
      .where('studentPersonId', 'in', ids)
      .execute();
  }
  await trx
    .updateTable('agreementAcceptances')
    .set({ ip: null, userAgent: null })
    .where('personId', 'in', ids)
    .where((eb) => eb.or([eb('ip', 'is not', null), eb('userAgent', 'is not', null)]))
    .execute();
  await trx
    .updateTable('minorConsents')
    .set({ ip: null, userAgent: null })
    .where((eb) => eb.or([eb('childPersonId', 'in', ids), eb('parentPersonId', 'in', ids)]))
    .where((eb) => eb.or([eb('ip', 'is not', null), eb('userAgent', 'is not', null)]))
    .execute();
}

/**
 * Redacts the audit log (the one UPDATE its trigger allows, and only inside this transaction; migration 0007):
 * events about the persons keep only AUDIT_KEEP keys of before/after (marked `"redacted": true`), events they
 * caused lose ip and user agent. The events themselves — action, actor and subject ids, time — all stay.
 */
export async function redactAudit(trx: Database, ids: number[], institutionIds: number[]) {
  if (institutionIds.length === 0) return;
  const keep = sql`array[${sql.join(AUDIT_KEEP.map((k) => sql.lit(k)))}]::text[]`;
  const idList = sql.join(ids);
  const institutionList = sql.join(institutionIds);
  await sql`select set_config('dapter.audit_redaction', 'on', true)`.execute(trx);
  // Events about a person are recorded at the institutions of their memberships (subject index).
  await sql`
    update audit_events
       set before = audit_redact(before, ${keep}), after = audit_redact(after, ${keep})
     where institution_id in (${institutionList}) and subject_type = 'person' and subject_id in (${idList})
       and (audit_redact(before, ${keep}) is distinct from before or audit_redact(after, ${keep}) is distinct from after)`.execute(
    trx,
  );
  // What a person did is recorded at their institutions or beneath them (an authority acting on a school).
  await sql`
    update audit_events
       set ip = null, user_agent = null
     where institution_id in (select id from institutions where ancestors && array[${institutionList}]::bigint[])
       and actor_person_id in (${idList})
       and (ip is not null or user_agent is not null)`.execute(trx);
  await sql`select set_config('dapter.audit_redaction', 'off', true)`.execute(trx);
}
