import { type Kysely, sql } from 'kysely';

/**
 * Ending access and deleting profiles (user agreement 3.6, 3.7, 4.12).
 *
 * - The closed vocabularies of why a membership ended and why a profile was deleted become database checks
 *   (common/enums.ts lists the same values), and a deleted profile always has a reason; purged implies deleted.
 * - A deleted profile no longer holds its IIN in the unique index (the person may be enrolled anew).
 * - The audit log stays append-only, with one narrow exception: the purge job may redact the personal data
 *   of a purged person out of old events. It turns the transaction-local setting `dapter.audit_redaction` on,
 *   and even then an UPDATE may only *remove* things: before/after may lose keys (and gain the marker
 *   `"redacted": true`), ip and user_agent may become null; every other column must stay as it was. DELETE
 *   and TRUNCATE remain refused, so the log keeps every event — who did what, when — for ever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table memberships add constraint memberships_end_reason_check check (end_reason in (
      'end_of_study', 'expulsion', 'transfer', 'end_of_employment', 'end_of_representation', 'data_error', 'other',
      'child_left', 'end_of_civil_service', 'profile_deleted'))`.execute(db);
  await sql`
    alter table persons
      add constraint persons_deletion_reason_check check (deletion_reason in
        ('own_request', 'agreement_breach', 'no_longer_needed', 'created_by_mistake', 'other')),
      add constraint persons_deleted_has_reason check ((deleted_at is null) = (deletion_reason is null)),
      add constraint persons_purged_after_deleted check (purged_at is null or deleted_at is not null)`.execute(db);

  // A deleted profile gives its IIN back at once: the same person may be enrolled again (a new profile) during
  // the months before the old one is purged. Same index name, so the services' conflict mapping stays.
  await sql`drop index persons_iin_key`.execute(db);
  await sql`create unique index persons_iin_key on persons (iin) where iin is not null and deleted_at is null`.execute(
    db,
  );

  // `redacts(old, new)`: new is old with keys removed (plus at most the marker), or null where old was null.
  await sql`
    create function audit_redacts(old_value jsonb, new_value jsonb) returns boolean
    language sql immutable as $$
      select case
        when old_value is null then new_value is null
        when new_value is null then false
        when jsonb_typeof(new_value) <> 'object' then false
        when jsonb_typeof(old_value) <> 'object' then new_value = '{"redacted": true}'::jsonb
        else (new_value - 'redacted') <@ old_value
          and (not new_value ? 'redacted' or new_value -> 'redacted' = 'true'::jsonb)
      end
    $$`.execute(db);
  // The redaction the purge applies: keeps only the `keep` keys of an object (adding the marker), unchanged when
  // there is nothing to remove, so running it twice changes nothing.
  await sql`
    create function audit_redact(value jsonb, keep text[]) returns jsonb
    language sql immutable as $$
      select case
        when value is null then null
        when jsonb_typeof(value) <> 'object' then '{"redacted": true}'::jsonb
        when not exists (select 1 from jsonb_object_keys(value) k where not (k = any(keep))) then value
        else coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(value) e where e.key = any(keep)),
                      '{}'::jsonb) || '{"redacted": true}'::jsonb
      end
    $$`.execute(db);
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and coalesce(current_setting('dapter.audit_redaction', true), '') = 'on' then
        if new.institution_id = old.institution_id and new.id = old.id and new.at = old.at
           and new.actor_person_id is not distinct from old.actor_person_id
           and new.actor_membership_id is not distinct from old.actor_membership_id
           and new.action = old.action
           and new.subject_type is not distinct from old.subject_type
           and new.subject_id is not distinct from old.subject_id
           and (new.ip is null or new.ip = old.ip)
           and (new.user_agent is null or new.user_agent = old.user_agent)
           and audit_redacts(old.before, new.before)
           and audit_redacts(old.after, new.after) then
          return new;
        end if;
      end if;
      raise exception 'audit_events is append-only';
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end $$`.execute(db);
  await sql`drop index if exists persons_iin_key`.execute(db);
  await sql`create unique index persons_iin_key on persons (iin) where iin is not null`.execute(db);
  await sql`drop function if exists audit_redacts`.execute(db);
  await sql`drop function if exists audit_redact`.execute(db);
  await sql`
    alter table persons
      drop constraint if exists persons_deletion_reason_check,
      drop constraint if exists persons_deleted_has_reason,
      drop constraint if exists persons_purged_after_deleted`.execute(db);
  await sql`alter table memberships drop constraint if exists memberships_end_reason_check`.execute(db);
}
