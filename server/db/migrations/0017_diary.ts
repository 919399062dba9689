import { type Kysely, sql } from 'kysely';

/**
 * Issue 7 §1: the student's diary. A student ticks a homework as done; the tick is theirs alone (a parent reads
 * it, the teacher's journal does not depend on it). One row per student × homework, removed when unticked; the
 * row goes with its homework (clearing a lesson's homework deletes that row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table homework_done (
      school_id bigint not null,
      homework_id bigint not null,
      student_person_id bigint not null references persons (id),
      done_at timestamptz not null default now(),
      primary key (school_id, homework_id, student_person_id),
      foreign key (school_id, homework_id) references homework (school_id, id) on delete cascade
    )`.execute(db);
  await sql`create index homework_done_student_idx on homework_done (school_id, student_person_id)`.execute(db);
  // The diary week asks "what is due these days" (issue 6 benchmarks the week).
  await sql`create index homework_due_idx on homework (school_id, due_date) where due_date is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists homework_due_idx`.execute(db);
  await sql`drop table if exists homework_done`.execute(db);
}
