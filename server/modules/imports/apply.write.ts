import { usernameBase } from '@common/transliterate.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { enrollStudents } from '../classes/classes.enrollment.js';
import { reservePersonIds } from '../credentials/credentials.repository.js';
import { freeUsernames } from '../persons/person.rules.js';
import { presentIin } from '../persons/persons.presenter.js';
import { assertYearOpen } from '../school-year/school-year.queries.js';
import type { planContext } from './evaluate.js';
import { chunks } from './imports.repository.js';
import { classLabelText } from './normalize.js';
import { labelKey, type PersonPlan, type PersonRef, type Plan } from './plan.js';
import type { IssuedCredential } from './runtime.js';

/**
 * Step 3 of the apply (see apply.service.ts): the set-based writes of a plan inside the apply's transaction —
 * persons, accounts, memberships, changed fields, classes, enrolments, parent links, subjects and teaching, and
 * their audit events. Kept apart from the orchestration (hashing, job state, progress) so each reads on its own.
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

/** jsonb_to_recordset: one parameter for any number of rows (PostgreSQL allows at most 65,535 parameters). */
const asJson = (rows: unknown[]) => JSON.stringify(rows);

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

  // ── New persons and their accounts ─────────────────────────────────────────────────────────────────────────
  const usernames = await freeUsernames(
    trx,
    fresh.map((p) => usernameBase(p.record!.surname, p.record!.firstName)),
  );
  const issued: IssuedCredential[] = [];
  for (const part of chunks(fresh.map((p, i) => ({ p, i })))) {
    await trx
      .insertInto('persons')
      .values(
        part.map(({ p, i }) => ({
          id: ids[i]!,
          surname: p.record!.surname,
          firstName: p.record!.firstName,
          patronymic: p.record!.patronymic,
          birthDate: p.record!.birthDate,
          gender: p.record!.gender,
          iin: p.record!.iin,
          email: p.record!.email,
          phone: p.record!.phone,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .execute();
    await trx
      .insertInto('accounts')
      .values(
        part.map(({ p, i }) => ({
          personId: ids[i]!,
          username: usernames[i]!,
          passwordHash: w.credentials[i]!.hash,
          passwordIsTemporary: true,
          tempPasswordExpiresAt: w.credentials[i]!.expiresAt,
          locale: p.locale,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .execute();
  }
  fresh.forEach((p, i) => {
    issued.push({ personId: ids[i]!, password: w.credentials[i]!.password });
    entries.push({
      institutionId: schoolId,
      action: 'person.created',
      subjectType: 'person',
      subjectId: ids[i]!,
      after: {
        surname: p.record!.surname,
        firstName: p.record!.firstName,
        patronymic: p.record!.patronymic,
        birthDate: p.record!.birthDate,
        gender: p.record!.gender,
        iin: presentIin(p.record!.iin, false),
        username: usernames[i],
        profile: p.addMembership?.profile,
        importJobId: w.jobId,
      },
    });
  });
  advance();

  // ── Changed fields of existing persons (only what differs; an empty cell never erases) ─────────────────────
  const changed = persons.filter((p) => p.personId !== null && Object.keys(p.personChanges).length > 0);
  for (const part of chunks(changed)) {
    const rows = part.map((p) => ({ id: p.personId, ...p.personChanges }));
    await sql`
      update persons p set
        surname = coalesce(v.surname, p.surname), first_name = coalesce(v."firstName", p.first_name),
        patronymic = coalesce(v.patronymic, p.patronymic), birth_date = coalesce(v."birthDate", p.birth_date),
        gender = coalesce(v.gender, p.gender), iin = coalesce(v.iin, p.iin), email = coalesce(v.email, p.email),
        phone = coalesce(v.phone, p.phone), updated_at = ${at}
      from jsonb_to_recordset(${asJson(rows)}::jsonb) as v(id bigint, surname text, "firstName" text,
        patronymic text, "birthDate" date, gender text, iin text, email text, phone text)
      where p.id = v.id`.execute(trx);
    // An address typed in by an administrator is unconfirmed (as in persons.service updatePerson).
    const emailChanged = part.filter((p) => 'email' in p.personChanges).map((p) => p.personId!);
    if (emailChanged.length > 0) {
      await trx.updateTable('accounts').set({ emailVerifiedAt: null }).where('personId', 'in', emailChanged).execute();
    }
  }
  for (const p of changed) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(p.personChanges)) {
      const old = p.existing?.[field as keyof typeof p.existing] ?? null;
      before[field] = field === 'iin' ? presentIin(old as string | null, false) : old;
      after[field] = field === 'iin' ? presentIin(value, false) : value;
    }
    entries.push({
      institutionId: schoolId,
      action: 'person.updated',
      subjectType: 'person',
      subjectId: p.personId!,
      before,
      after: { ...after, importJobId: w.jobId },
    });
  }
  advance();

  // ── Memberships and external ids ───────────────────────────────────────────────────────────────────────────
  const externalIds = persons.filter((p) => p.setExternalId && p.record?.externalId).map((p) => p.record!.externalId!);
  if (externalIds.length > 0) {
    // The id moves from another membership of the same person (the plan checked it is theirs) to this one.
    for (const part of chunks(externalIds, 5000)) {
      await trx
        .updateTable('memberships')
        .set({ externalId: null, updatedAt: at })
        .where('institutionId', '=', schoolId)
        .where('externalId', 'in', part)
        .execute();
    }
  }
  const adding = persons.filter((p) => p.addMembership);
  for (const part of chunks(adding)) {
    const inserted = await trx
      .insertInto('memberships')
      .values(
        part.map((p) => ({
          institutionId: schoolId,
          personId: personIdOf(p)!,
          profile: p.addMembership!.profile,
          roles: p.addMembership!.roles,
          startsOn: today,
          externalId: p.setExternalId ? p.record!.externalId : null,
          createdAt: at,
          updatedAt: at,
        })),
      )
      .returning(['id', 'personId', 'profile', 'roles', 'startsOn'])
      .execute();
    for (const m of inserted) {
      entries.push({
        institutionId: schoolId,
        action: 'membership.created',
        subjectType: 'person',
        subjectId: m.personId,
        after: {
          membershipId: m.id,
          profile: m.profile,
          roles: m.roles,
          isAdmin: false,
          position: null,
          startsOn: m.startsOn,
        },
      });
    }
  }
  const retagged = persons.filter((p) => p.setExternalId && !p.addMembership && p.currentMembershipId !== null);
  for (const part of chunks(retagged, 5000)) {
    const rows = part.map((p) => ({ id: p.currentMembershipId, ext: p.record!.externalId }));
    await sql`
      update memberships m set external_id = v.ext, updated_at = ${at}
        from jsonb_to_recordset(${asJson(rows)}::jsonb) as v(id bigint, ext text)
       where m.institution_id = ${schoolId} and m.id = v.id`.execute(trx);
  }
  advance();

  // ── Classes ────────────────────────────────────────────────────────────────────────────────────────────────
  const year = w.ctx.year;
  const classIdOf = new Map([...plan.classes].map(([k, c]) => [k, c.id]));
  const classRowOf = new Map(plan.roster.classes.filter((c) => c.label).map((c) => [labelKey(c.label!), c]));
  if (year && (plan.newClasses.size > 0 || persons.some((p) => p.enrol) || plan.roster.teaching.length > 0)) {
    await assertYearOpen(trx, schoolId, year.id);
  }
  if (year && plan.newClasses.size > 0) {
    const values = [...plan.newClasses.values()].map((c) => {
      const teacher = classRowOf.get(labelKey(c.label))?.classTeacher;
      return {
        schoolId,
        yearId: year.id,
        grade: c.label.grade,
        letter: c.label.letter,
        language: c.language,
        externalId: c.externalId,
        classTeacherPersonId: teacher ? resolve(teacher) : null,
        createdAt: at,
        updatedAt: at,
      };
    });
    const created = await trx
      .insertInto('classes')
      .values(values)
      .returning(['id', 'grade', 'letter', 'language', 'shift', 'classTeacherPersonId', 'externalId'])
      .execute();
    for (const c of created) {
      classIdOf.set(labelKey(c), c.id);
      entries.push({
        institutionId: schoolId,
        action: 'class.created',
        subjectType: 'class',
        subjectId: c.id,
        after: {
          classId: c.id,
          yearId: year.id,
          grade: c.grade,
          letter: c.letter,
          language: c.language,
          shift: c.shift,
          classTeacherPersonId: c.classTeacherPersonId,
          importJobId: w.jobId,
        },
      });
    }
  }
  // Existing classes a OneRoster row gives an external id or a class teacher.
  for (const c of plan.roster.classes) {
    if (c.classId === null || c.changes.length === 0) continue;
    const existing = [...plan.classes.values()].find((x) => x.id === c.classId)!;
    const set: { externalId?: string | null; classTeacherPersonId?: number | null } = {};
    if (c.setExternalId) set.externalId = c.externalId;
    if (c.changes.includes('classTeacher') && c.classTeacher) set.classTeacherPersonId = resolve(c.classTeacher);
    await trx
      .updateTable('classes')
      .set({ ...set, updatedAt: at })
      .where('schoolId', '=', schoolId)
      .where('id', '=', c.classId)
      .execute();
    entries.push({
      institutionId: schoolId,
      action: 'class.updated',
      subjectType: 'class',
      subjectId: c.classId,
      before: { externalId: existing.externalId, classTeacherPersonId: existing.classTeacherPersonId },
      after: { ...set, importJobId: w.jobId },
    });
  }
  advance();

  // ── Enrolments: one enrollStudents call per class ──────────────────────────────────────────────────────────
  if (year) {
    // Today, kept within the year (an import in August places students from the year's first day).
    const startsOn = [year.startsOn, today, year.endsOn].sort()[1]!;
    const byClass = new Map<string, number[]>();
    for (const p of persons) {
      if (!p.enrol) continue;
      const k = labelKey(p.enrol);
      byClass.set(k, [...(byClass.get(k) ?? []), personIdOf(p)!]);
    }
    for (const [k, studentIds] of byClass) {
      const classId = classIdOf.get(k);
      if (classId === undefined) throw new AppError(409, 'imports.changedSincePreview');
      await enrollStudents(trx, schoolId, year.id, classId, studentIds, startsOn, origin);
    }
  }
  advance();

  // ── Parent ↔ child links ───────────────────────────────────────────────────────────────────────────────────
  const links = persons.flatMap((p) =>
    p.links.map((l) => ({ parentPersonId: personIdOf(p)!, childPersonId: resolve(l.child), relation: l.relation })),
  );
  for (const part of chunks(links)) {
    const inserted = await trx
      .insertInto('guardianships')
      .values(part.map((l) => ({ institutionId: schoolId, ...l, createdAt: at })))
      .onConflict((oc) => oc.columns(['institutionId', 'parentPersonId', 'childPersonId']).doNothing())
      .returning(['parentPersonId', 'childPersonId', 'relation'])
      .execute();
    for (const l of inserted) {
      entries.push({
        institutionId: schoolId,
        action: 'guardianship.created',
        subjectType: 'person',
        subjectId: l.childPersonId,
        after: { parentPersonId: l.parentPersonId, childPersonId: l.childPersonId, relation: l.relation },
      });
    }
  }
  advance();

  // ── Subjects and teaching (OneRoster) ──────────────────────────────────────────────────────────────────────
  const subjectIdOf = new Map<number, number>();
  const newSubjects = plan.roster.subjects.filter((s) => s.subjectId === null);
  if (newSubjects.length > 0) {
    const created = await trx
      .insertInto('subjects')
      .values(
        newSubjects.map((s) => ({
          schoolId,
          catalogueCode: s.catalogueCode,
          ...s.names,
          externalId: s.externalId,
          createdAt: at,
        })),
      )
      .returning(['id', 'catalogueCode', 'nameKk', 'nameRu', 'nameEn', 'externalId'])
      .execute();
    created.forEach((c, i) => {
      subjectIdOf.set(newSubjects[i]!.rowNumber, c.id);
      entries.push({
        institutionId: schoolId,
        action: 'subject.created',
        subjectType: 'subject',
        subjectId: c.id,
        after: { ...c, importJobId: w.jobId },
      });
    });
  }
  for (const s of plan.roster.subjects) {
    if (s.subjectId === null || !s.setExternalId) continue;
    await trx
      .updateTable('subjects')
      .set({ externalId: s.externalId })
      .where('schoolId', '=', schoolId)
      .where('id', '=', s.subjectId)
      .execute();
    entries.push({
      institutionId: schoolId,
      action: 'subject.updated',
      subjectType: 'subject',
      subjectId: s.subjectId,
      after: { externalId: s.externalId, importJobId: w.jobId },
    });
  }
  const teaching = plan.roster.teaching.filter((t) => t.outcome === 'new');
  // Sub-groups the teaching names (created when the class has none of that name yet), with their students.
  const subgroupIdOf = new Map<string, number>();
  const grouped = teaching.filter((t) => t.subgroup !== null);
  if (grouped.length > 0) {
    const wanted = new Map(
      grouped.map((t) => {
        const classId = classIdOf.get(labelKey(t.classLabel!))!;
        return [`${classId}|${t.subgroup}`, { schoolId, classId, name: t.subgroup!, createdAt: at }];
      }),
    );
    await trx
      .insertInto('subgroups')
      .values([...wanted.values()])
      .onConflict((oc) => oc.columns(['schoolId', 'classId', 'name']).doNothing())
      .execute();
    const groups = await trx
      .selectFrom('subgroups')
      .where('schoolId', '=', schoolId)
      .where('classId', 'in', [...new Set([...wanted.values()].map((g) => g.classId))])
      .select(['id', 'classId', 'name'])
      .execute();
    for (const g of groups) subgroupIdOf.set(`${g.classId}|${g.name}`, g.id);
    const members = grouped.flatMap((t) => {
      const subgroupId = subgroupIdOf.get(`${classIdOf.get(labelKey(t.classLabel!))}|${t.subgroup}`)!;
      return t.members.map((m) => ({ schoolId, subgroupId, studentPersonId: resolve(m) }));
    });
    for (const part of chunks(members)) {
      await trx
        .insertInto('subgroupMembers')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  if (year && teaching.length > 0) {
    const values = teaching.map((t) => ({
      schoolId,
      yearId: year.id,
      classId: classIdOf.get(labelKey(t.classLabel!))!,
      subgroupId: t.subgroup
        ? (subgroupIdOf.get(`${classIdOf.get(labelKey(t.classLabel!))}|${t.subgroup}`) ?? null)
        : null,
      subjectId: 'id' in t.subject! ? t.subject.id : subjectIdOf.get(t.subject!.row)!,
      teacherPersonId: resolve(t.teacher!),
      createdAt: at,
    }));
    if (values.some((v) => v.classId === undefined || v.subjectId === undefined)) {
      throw new AppError(409, 'imports.changedSincePreview');
    }
    const created = await trx
      .insertInto('teachingAssignments')
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'yearId', 'classId', 'subgroupId', 'subjectId', 'teacherPersonId'])
      .execute();
    for (const a of created) {
      const { id, ...rest } = a;
      entries.push({
        institutionId: schoolId,
        action: 'assignment.created',
        subjectType: 'class',
        subjectId: a.classId,
        after: { assignmentId: id, ...rest, importJobId: w.jobId },
      });
    }
  }
  advance();

  await audit(trx, origin, entries);
  advance();
  return { personIdOf, issued, classLabel: classLabelText };
}
