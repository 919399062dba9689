import type { Database } from '../../db/client.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { reservePersonIds } from '../credentials/credentials.repository.js';
import { assertYearOpen } from '../school-year/school-year.queries.js';
import { writeClasses, writeEnrolments } from './apply.write.classes.js';
import { writeMemberships, writeParentLinks } from './apply.write.memberships.js';
import { writeNewPersons, writePersonChanges } from './apply.write.persons.js';
import type { WriteStage } from './apply.write.stage.js';
import { writeTeaching } from './apply.write.teaching.js';
import type { planContext } from './evaluate.js';
import { chunks } from './imports.repository.js';
import { classLabelText } from './normalize.js';
import type { PersonPlan, PersonRef, Plan } from './plan.types.js';

/**
 * Step 3 of the apply (see apply.service.ts): the set-based writes of a plan inside the apply's transaction —
 * persons, accounts, memberships, changed fields, classes, enrolments, parent links, subjects and teaching, and
 * their audit events. Kept apart from the orchestration (hashing, job state, progress) so each reads on its own;
 * one file per stage (apply.write.<stage>.ts). The order matters: people exist before their memberships, classes
 * before enrolments and teaching.
 */

export interface WriteContext {
  schoolId: number;
  jobId: number;
  today: string;
  origin: AuditOrigin;
  plan: Plan;
  credentials: Array<{ password: string; hash: string; expiresAt: Date }>;
  ctx: Awaited<ReturnType<typeof planContext>>;
}

async function audit(trx: Database, origin: AuditOrigin, entries: AuditEntry[]) {
  for (const part of chunks(entries, 1000)) await recordAudit(trx, origin, part);
}

export async function writePlan(trx: Database, w: WriteContext, onProgress: (fraction: number) => void) {
  const { schoolId, origin, plan, today } = w;
  const at = origin.at;
  const persons = plan.persons;
  const fresh = persons.filter((p) => p.outcome === 'new');
  const ids = await reservePersonIds(trx, fresh.length);
  const newIdOf = new Map(fresh.map((p, i) => [p.rowNumber, ids[i]!]));
  const personIdOf = (p: PersonPlan) => p.personId ?? newIdOf.get(p.rowNumber) ?? null;
  const byRow = new Map(persons.map((p) => [p.rowNumber, p]));
  const resolve = (ref: PersonRef) => ('id' in ref ? ref.id : personIdOf(byRow.get(ref.row)!)!);
  const entries: AuditEntry[] = [];
  const steps = 8;
  let step = 0;
  const advance = () => onProgress(++step / steps);

  const stage: WriteStage = { trx, schoolId, jobId: w.jobId, at, entries, personIdOf, resolve };

  const issued = await writeNewPersons(stage, fresh, ids, w.credentials);
  advance();
  await writePersonChanges(stage, persons);
  advance();
  await writeMemberships(stage, persons, today);
  advance();

  const year = w.ctx.year;
  if (year && (plan.newClasses.size > 0 || persons.some((p) => p.enrol) || plan.roster.teaching.length > 0)) {
    await assertYearOpen(trx, schoolId, year.id);
  }
  const classIdOf = await writeClasses(stage, plan, year);
  advance();
  if (year) await writeEnrolments(stage, persons, year, today, classIdOf, origin);
  advance();
  await writeParentLinks(stage, persons);
  advance();
  await writeTeaching(stage, plan, year, classIdOf);
  advance();

  await audit(trx, origin, entries);
  advance();
  return { personIdOf, issued, classLabel: classLabelText };
}
