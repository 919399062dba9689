import { defaultAssessmentMode, weeklyCap } from '@common/curriculum.js';
import type {
  AssessmentModeRow,
  AssessmentModes,
  AssessmentModesUpdate,
  CurriculumUpdate,
} from '@common/schemas/subjects.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { notFound, unprocessable } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { contextSchool } from '../classes/classes.access.js';
import type { WarningCode } from '../classes/classes.service.js';
import { assertYearOpen, findYear } from '../school-year/school-year.queries.js';

/**
 * The curriculum (weekly hours per grade × language of instruction × subject) and the assessment modes
 * (per subject × grade) of one school year. Both are per year, so a past year keeps the rules it was taught
 * under. Hours above the weekly caps are a warning in the answer, never a refusal.
 */

async function yearOf(db: Database, schoolId: number, yearId: number) {
  const year = await findYear(db, schoolId, yearId);
  if (!year) throw notFound();
  return year;
}

async function curriculumRows(db: Database, schoolId: number, yearId: number) {
  const rows = await db
    .selectFrom('curriculumHours')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['grade', 'language', 'subjectId', 'hoursPerWeek'])
    .orderBy('grade')
    .orderBy('language')
    .orderBy('subjectId')
    .execute();
  return rows.map((r) => ({ ...r, hoursPerWeek: Number(r.hoursPerWeek) }));
}
type CurriculumRows = Awaited<ReturnType<typeof curriculumRows>>;

function totalsOf(rows: CurriculumRows) {
  const sums = new Map<string, { grade: number; language: string; hours: number }>();
  for (const r of rows) {
    const key = `${r.grade}|${r.language}`;
    const t = sums.get(key) ?? { grade: r.grade, language: r.language, hours: 0 };
    t.hours += r.hoursPerWeek;
    sums.set(key, t);
  }
  return [...sums.values()].map((t) => {
    const cap = weeklyCap(t.grade, t.language);
    return { ...t, cap, overCap: cap !== null && t.hours > cap };
  });
}

const capWarnings = (totals: ReturnType<typeof totalsOf>): WarningCode[] =>
  totals
    .filter((t) => t.overCap)
    .map((t) => ({
      code: 'subjects.overWeeklyCap',
      params: { grade: t.grade, language: t.language, hours: t.hours, cap: t.cap ?? 0 },
    }));

export async function getCurriculum(deps: AppDeps, actor: Actor, yearId: number) {
  const school = contextSchool(actor, 'school.read');
  const year = await yearOf(deps.db, school.id, yearId);
  const items = await curriculumRows(deps.db, school.id, yearId);
  const totals = totalsOf(items);
  return { yearId, yearClosed: year.status === 'closed', items, totals, warningCodes: capWarnings(totals) };
}

/** The school's subjects among `ids`: all must exist (else 404, like any foreign id). */
async function subjectsOf(db: Database, schoolId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<number, { catalogueCode: string | null; archived: boolean }>();
  const rows = await db
    .selectFrom('subjects')
    .where('schoolId', '=', schoolId)
    .where('id', 'in', unique)
    .select(['id', 'catalogueCode', 'archivedAt'])
    .execute();
  if (rows.length !== unique.length) throw notFound();
  return new Map(rows.map((r) => [r.id, { catalogueCode: r.catalogueCode, archived: r.archivedAt !== null }]));
}

/**
 * Replaces whole sections (one grade in one language of instruction each); sections not sent stay as they are,
 * a section sent with no hours is cleared. An archived subject may keep hours it had, not gain new ones.
 */
export async function putCurriculum(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  input: CurriculumUpdate,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const keys = input.sections.map((s) => `${s.grade}|${s.language}`);
  if (new Set(keys).size !== keys.length) throw unprocessable('subjects.duplicateSection');
  for (const s of input.sections) {
    const ids = s.hours.map((h) => h.subjectId);
    if (new Set(ids).size !== ids.length) throw unprocessable('subjects.duplicateSubject');
  }
  await deps.db.transaction().execute(async (trx) => {
    await assertYearOpen(trx, school.id, yearId);
    const subjects = await subjectsOf(
      trx,
      school.id,
      input.sections.flatMap((s) => s.hours.map((h) => h.subjectId)),
    );
    const inSections = (r: { grade: number; language: string }) => keys.includes(`${r.grade}|${r.language}`);
    const before = (await curriculumRows(trx, school.id, yearId)).filter(inSections);
    const had = new Set(before.map((r) => `${r.grade}|${r.language}|${r.subjectId}`));
    const rows = input.sections.flatMap((s) =>
      s.hours.map((h) => ({
        grade: s.grade,
        language: s.language,
        subjectId: h.subjectId,
        hoursPerWeek: h.hoursPerWeek,
      })),
    );
    if (rows.some((r) => subjects.get(r.subjectId)?.archived && !had.has(`${r.grade}|${r.language}|${r.subjectId}`))) {
      throw unprocessable('subjects.archived');
    }
    await trx
      .deleteFrom('curriculumHours')
      .where('schoolId', '=', school.id)
      .where('yearId', '=', yearId)
      .where((eb) =>
        eb.or(input.sections.map((s) => eb.and([eb('grade', '=', s.grade), eb('language', '=', s.language)]))),
      )
      .execute();
    if (rows.length > 0) {
      await trx
        .insertInto('curriculumHours')
        .values(rows.map((r) => ({ schoolId: school.id, yearId, ...r })))
        .execute();
    }
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'curriculum.updated',
      subjectType: 'academicYear',
      subjectId: yearId,
      before: { yearId, hours: before },
      after: { yearId, hours: rows },
    });
  });
  return getCurriculum(deps, actor, yearId);
}

// ── Assessment modes ───────────────────────────────────────────────────────────────────────────────────────

export async function getAssessmentModes(deps: AppDeps, actor: Actor, yearId: number): Promise<AssessmentModes> {
  const school = contextSchool(actor, 'school.read');
  const year = await yearOf(deps.db, school.id, yearId);
  const [stored, curriculum, subjects] = await Promise.all([
    deps.db
      .selectFrom('assessmentModes')
      .where('schoolId', '=', school.id)
      .where('yearId', '=', yearId)
      .select(['subjectId', 'grade', 'mode', 'hasTermSummative', 'periodKind'])
      .execute(),
    curriculumRows(deps.db, school.id, yearId),
    deps.db.selectFrom('subjects').where('schoolId', '=', school.id).select(['id', 'catalogueCode']).execute(),
  ]);
  const codeOf = new Map(subjects.map((s) => [s.id, s.catalogueCode]));
  // A subject's hours in a grade: the most over the languages of instruction (one language may teach it more).
  const hours = new Map<string, number>();
  for (const r of curriculum) {
    const k = `${r.subjectId}|${r.grade}`;
    hours.set(k, Math.max(hours.get(k) ?? 0, r.hoursPerWeek));
  }
  const items = new Map<string, AssessmentModeRow>();
  for (const s of stored) items.set(`${s.subjectId}|${s.grade}`, { ...s, isDefault: false });
  for (const [k, h] of hours) {
    if (items.has(k)) continue;
    const [subjectId, grade] = k.split('|').map(Number) as [number, number];
    const suggestion = defaultAssessmentMode({ catalogueCode: codeOf.get(subjectId) ?? null, grade, hoursPerWeek: h });
    items.set(k, { subjectId, grade, ...suggestion, isDefault: true });
  }
  return {
    yearId,
    yearClosed: year.status === 'closed',
    items: [...items.values()].sort((a, b) => a.grade - b.grade || a.subjectId - b.subjectId),
  };
}

/** Replaces the year's table; rows left out go back to their defaults. A term summative needs marks. */
export async function putAssessmentModes(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  input: AssessmentModesUpdate,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const keys = input.items.map((i) => `${i.subjectId}|${i.grade}`);
  if (new Set(keys).size !== keys.length) throw unprocessable('subjects.duplicateMode');
  if (input.items.some((i) => i.mode !== 'graded' && i.hasTermSummative)) {
    throw unprocessable('subjects.summativeNeedsMarks');
  }
  await deps.db.transaction().execute(async (trx) => {
    await assertYearOpen(trx, school.id, yearId);
    await subjectsOf(
      trx,
      school.id,
      input.items.map((i) => i.subjectId),
    );
    const before = await trx
      .deleteFrom('assessmentModes')
      .where('schoolId', '=', school.id)
      .where('yearId', '=', yearId)
      .returning(['subjectId', 'grade', 'mode', 'hasTermSummative', 'periodKind'])
      .execute();
    if (input.items.length > 0) {
      await trx
        .insertInto('assessmentModes')
        .values(input.items.map((i) => ({ schoolId: school.id, yearId, ...i })))
        .execute();
    }
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'assessmentModes.updated',
      subjectType: 'academicYear',
      subjectId: yearId,
      before: { yearId, modes: before },
      after: { yearId, modes: input.items },
    });
  });
  return getAssessmentModes(deps, actor, yearId);
}
