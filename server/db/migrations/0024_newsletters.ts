import { type Kysely, sql } from 'kysely';

/**
 * Issue 7 §2: the system newsletter (agreement 4.16) gets a sender.
 *
 * - `newsletters`: what an authority (Ministry, region, district) sent to the people of its subtree — the text the
 *   delivery jobs render (one copy, not one per recipient) and the sent list. The sending institution leads the
 *   key like every tenant table; `recipients` is how many people were queued (a count, no names).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table newsletters (
      institution_id bigint not null references institutions (id),
      id bigint generated always as identity,
      subject text not null,
      body text not null,
      sent_by bigint not null references persons (id),
      sent_at timestamptz not null,
      recipients int not null,
      primary key (institution_id, id)
    )`.execute(db);
  await sql`create index newsletters_sent_idx on newsletters (institution_id, sent_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists newsletters`.execute(db);
}
