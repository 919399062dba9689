import { type Kysely, sql } from 'kysely';

/**
 * Issue 5 §4: term grades fixed when a period closes. Computed by the assessment engine from the stored marks in
 * the closing transaction (server/modules/journal/term-grades.ts); no route writes them — the rules forbid revising
 * a term grade, so the only way to change one is to reopen the period, change the marks and close it again.
 * Reopening deletes the period's fixed grades for the reopened classes (the running grade is shown again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table term_grades (
      school_id bigint not null,
      assignment_id bigint not null,
      period_id bigint not null,
      student_person_id bigint not null references persons (id),
      percent numeric,
      grade text check (grade in ('2', '3', '4', '5', 'na', 'pass', 'fail')),
      status text not null,
      policy_code text not null,
      computed_at timestamptz not null,
      computed_by bigint not null references persons (id),
      primary key (school_id, period_id, assignment_id, student_person_id),
      foreign key (school_id, assignment_id) references teaching_assignments (school_id, id),
      foreign key (school_id, period_id) references academic_periods (school_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table term_grades`.execute(db);
}
