import type { Newsletter, NewsletterInput } from '@common/schemas/newsletters.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { busOf } from './bus.js';

/**
 * The system newsletter (agreement 4.16). An authority's administrator sends it from the session's institution to
 * everyone with an active membership in its subtree (its districts, schools and their people) who would receive it:
 * a confirmed e-mail address and the newsletter setting not turned off (the default is on, settings.ts). One e-mail
 * job per recipient is queued by ONE insert … select, in the same transaction as the newsletter row and its audit
 * event; deliver.ts sends each job like any notification e-mail (quiet hours, the one-click unsubscribe of the
 * 'newsletter' kind, the setting checked again at sending). The text is stored once, not copied into every job.
 */
function senderRoot(actor: Actor) {
  const m = actor.context;
  if (!m || !allow(actor, 'newsletter.send', { id: m.institutionId, ancestors: m.ancestors })) throw forbidden();
  return m.institutionId;
}

const present = (r: {
  institutionId: number;
  id: number;
  subject: string;
  sentAt: Date;
  recipients: number;
}): Newsletter => ({ ...r, sentAt: r.sentAt.toISOString() });

export async function sendNewsletter(
  deps: AppDeps,
  actor: Actor,
  input: NewsletterInput,
  origin: AuditOrigin,
): Promise<Newsletter> {
  const root = senderRoot(actor);
  const now = deps.clock.now();
  const today = localDate(now);
  const sent = await deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .insertInto('newsletters')
      .values({
        institutionId: root,
        subject: input.subject,
        body: input.body,
        sentBy: actor.personId,
        sentAt: now,
        recipients: 0,
      })
      .returning(['institutionId', 'id'])
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ recipients: number }>`
      with targets as (
        select distinct m.person_id
          from memberships m
          join institutions i on i.id = m.institution_id
          join persons p on p.id = m.person_id
         where i.ancestors @> array[${root}]::bigint[]
           and i.closed_at is null
           and p.deleted_at is null
           and m.starts_on <= ${today}
           and (m.ends_on is null or m.ends_on > ${today})
           and exists (select 1 from contacts c
                        where c.person_id = m.person_id and c.kind = 'email' and c.confirmed_at is not null)
           and not exists (select 1 from notification_settings s
                            where s.person_id = m.person_id and s.kind = 'newsletter' and s.email = false)
      ), queued as (
        insert into notification_jobs (kind, run_at, person_ids, payload, dedupe_key)
        select 'email', ${now}, array[r.person_id],
               jsonb_build_object(
                 'newsletter', jsonb_build_object('institutionId', ${root}::bigint, 'id', ${n.id}::bigint),
                 'personId', r.person_id),
               'newsletter:' || ${n.id}::bigint || ':' || r.person_id
          from targets r
        returning 1
      )
      update newsletters set recipients = (select count(*) from queued)
       where institution_id = ${root} and id = ${n.id}
      returning recipients`.execute(trx);
    const recipients = Number(rows[0]?.recipients ?? 0);
    await recordAudit(trx, origin, {
      institutionId: root,
      action: 'newsletter.send',
      subjectType: 'newsletter',
      subjectId: n.id,
      after: { institutionId: root, recipients },
    });
    return { ...n, recipients };
  });
  busOf(deps).queued();
  return present({ ...sent, subject: input.subject, sentAt: now });
}

/** What the session's institution sent, newest first. */
export async function listNewsletters(deps: AppDeps, actor: Actor): Promise<Newsletter[]> {
  const root = senderRoot(actor);
  const rows = await deps.db
    .selectFrom('newsletters')
    .where('institutionId', '=', root)
    .select(['institutionId', 'id', 'subject', 'sentAt', 'recipients'])
    .orderBy('sentAt', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map(present);
}
