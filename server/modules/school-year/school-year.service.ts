import type {
  CalendarTemplate,
  DayOffInput,
  PeriodInput,
  SchoolYear,
  SchoolYearCreate,
  SchoolYearList,
  SchoolYearUpdate,
  ShiftBells,
} from '@common/schemas/school-year.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type Action, allow, type InstitutionRef } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { presentBells, presentTemplate, presentYear, presentYearSummary, yearName } from './school-year.presenter.js';
import { assertYearOpen, currentYear, findYear, yearBells, yearDaysOff, yearPeriods } from './school-year.queries.js';
import * as repo from './school-year.repository.js';
import { checkBells, checkPeriods, checkYearDates, normaliseDaysOff } from './school-year.rules.js';

/**
 * A school's years. The school is always the actor's context institution (never an id from the client), so
 * another school's year is simply not found (404). Reading needs `school.read`, every write `school.manage`,
 * happens in one transaction with its audit row, and is refused once the year is closed.
 */
function contextSchool(actor: Actor, action: Action): InstitutionRef {
  const m = actor.context;
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, action, school)) throw forbidden();
  return school;
}

const AUDIT_SUBJECT = 'academicYear';

export async function listCalendarTemplates(deps: AppDeps, actor: Actor): Promise<CalendarTemplate[]> {
  contextSchool(actor, 'school.read');
  return (await repo.listTemplates(deps.db)).map(presentTemplate);
}

export async function listSchoolYears(deps: AppDeps, actor: Actor): Promise<SchoolYearList> {
  const school = contextSchool(actor, 'school.read');
  const [rows, current] = await Promise.all([
    repo.listYears(deps.db, school.id),
    currentYear(deps.db, school.id, localDate(deps.clock.now())),
  ]);
  return { items: rows.map(presentYearSummary), currentYearId: current?.id ?? null };
}

async function loadYear(db: Database, schoolId: number, yearId: number, canManage: boolean): Promise<SchoolYear> {
  const year = await findYear(db, schoolId, yearId);
  if (!year) throw notFound();
  const [periods, daysOff, bells] = await Promise.all([
    yearPeriods(db, schoolId, yearId),
    yearDaysOff(db, schoolId, yearId),
    yearBells(db, schoolId, yearId),
  ]);
  return presentYear(year, { periods, daysOff, bells }, canManage);
}

/** Any year, closed ones included: looking back is always allowed. */
export async function getSchoolYear(deps: AppDeps, actor: Actor, yearId: number): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.read');
  return loadYear(deps.db, school.id, yearId, allow(actor, 'school.manage', school));
}

export async function createSchoolYear(
  deps: AppDeps,
  actor: Actor,
  input: SchoolYearCreate,
  origin: AuditOrigin,
): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    let startsOn: string;
    let endsOn: string;
    let templateStartYear: number | null = null;
    if (input.templateStartYear !== undefined) {
      const template = await repo.findTemplate(trx, input.templateStartYear);
      if (!template) throw unprocessable('schoolYear.unknownTemplate');
      ({ startsOn, endsOn } = template);
      templateStartYear = template.startYear;
    } else {
      // The schema guarantees both dates when there is no template.
      startsOn = input.startsOn as string;
      endsOn = input.endsOn as string;
      checkYearDates(startsOn, endsOn);
    }
    const dates = { startsOn, endsOn };
    const periods = input.periods ?? [];
    checkPeriods(dates, periods);
    const daysOff = normaliseDaysOff(dates, input.daysOff ?? []);

    await repo.lockSchoolYears(trx, school.id);
    const clash = await repo.overlappingYear(trx, school.id, startsOn, endsOn);
    if (clash) throw new AppError(409, 'schoolYear.overlaps', { name: clash.name });

    const name = input.name ?? yearName(startsOn, endsOn);
    const { id } = await repo.insertYear(trx, {
      schoolId: school.id,
      name,
      startsOn,
      endsOn,
      templateStartYear,
      daysPerWeek: input.daysPerWeek,
      shifts: input.shifts,
      at: origin.at,
    });
    if (templateStartYear !== null) await repo.copyTemplateInto(trx, school.id, id, templateStartYear);
    else {
      await repo.replacePeriods(trx, school.id, id, periods);
      await repo.replaceDaysOff(trx, school.id, id, daysOff);
    }
    const year = await loadYear(trx, school.id, id, true);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.created',
      subjectType: AUDIT_SUBJECT,
      subjectId: id,
      after: {
        name,
        startsOn,
        endsOn,
        templateStartYear,
        daysPerWeek: year.daysPerWeek,
        shifts: year.shifts,
        periods: year.periods.length,
        daysOff: year.daysOff.length,
      },
    });
    return year;
  });
}

export async function updateSchoolYear(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  input: SchoolYearUpdate,
  origin: AuditOrigin,
): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    const shifts = input.shifts ?? year.shifts;
    const usage = await repo.yearUsage(trx, school.id, yearId, shifts);
    if (shifts < year.shifts && usage.shiftInUse) throw conflict('schoolYear.shiftInUse');
    if (input.daysPerWeek === 5 && year.daysPerWeek === 6 && usage.saturdayInUse)
      throw conflict('schoolYear.saturdayInUse');
    // Bells of a shift the school no longer runs would be orphans nobody can see or edit.
    const bellsDeleted = shifts < year.shifts ? await repo.deleteBellsAboveShift(trx, school.id, yearId, shifts) : 0;
    await repo.updateYear(trx, school.id, yearId, input, origin.at);

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of Object.keys(input) as (keyof SchoolYearUpdate)[]) {
      if (JSON.stringify(year[key]) === JSON.stringify(input[key])) continue;
      before[key] = year[key];
      after[key] = input[key];
    }
    if (bellsDeleted > 0) after.bellsDeleted = bellsDeleted;
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.updated',
      subjectType: AUDIT_SUBJECT,
      subjectId: yearId,
      before,
      after,
    });
    return loadYear(trx, school.id, yearId, true);
  });
}

const periodKey = (p: { kind: string; number: number; startsOn: string; endsOn: string }) =>
  `${p.kind} ${p.number}: ${p.startsOn}…${p.endsOn}`;

export async function replaceYearPeriods(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  periods: PeriodInput[],
  origin: AuditOrigin,
): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    checkPeriods(year, periods);
    const inUse = await repo.periodsInUse(trx, school.id, yearId, periods);
    if (inUse.length > 0) throw conflict('schoolYear.periodInUse');
    const before = await yearPeriods(trx, school.id, yearId);
    await repo.replacePeriods(trx, school.id, yearId, periods);
    const result = await loadYear(trx, school.id, yearId, true);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.periodsReplaced',
      subjectType: AUDIT_SUBJECT,
      subjectId: yearId,
      before: { periods: before.map(periodKey) },
      after: { periods: result.periods.map(periodKey) },
    });
    return result;
  });
}

const dayOffKey = (d: {
  kind: string;
  startsOn: string;
  endsOn: string;
  grades: readonly number[] | null;
  name: string;
}) => `${d.startsOn}…${d.endsOn} ${d.kind}${d.grades ? ` [${d.grades.join(',')}]` : ''}: ${d.name}`;

export async function replaceYearDaysOff(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  input: DayOffInput[],
  origin: AuditOrigin,
): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    const daysOff = normaliseDaysOff(year, input);
    const before = await yearDaysOff(trx, school.id, yearId);
    await repo.replaceDaysOff(trx, school.id, yearId, daysOff);
    const result = await loadYear(trx, school.id, yearId, true);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.daysOffReplaced',
      subjectType: AUDIT_SUBJECT,
      subjectId: yearId,
      before: { daysOff: before.map(dayOffKey) },
      after: { daysOff: result.daysOff.map(dayOffKey) },
    });
    return result;
  });
}

const bellsKey = (shifts: ShiftBells[]) =>
  shifts.map((s) => `${s.shift}: ${s.lessons.map((l) => `${l.number} ${l.startsAt}–${l.endsAt}`).join(', ')}`);

export async function replaceYearBells(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  shifts: ShiftBells[],
  origin: AuditOrigin,
): Promise<SchoolYear> {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    checkBells(year.shifts, shifts);
    const before = presentBells(await yearBells(trx, school.id, yearId));
    await repo.replaceBells(trx, school.id, yearId, shifts);
    const result = await loadYear(trx, school.id, yearId, true);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.bellsReplaced',
      subjectType: AUDIT_SUBJECT,
      subjectId: yearId,
      before: { bells: bellsKey(before) },
      after: { bells: bellsKey(result.bells) },
    });
    return result;
  });
}

/**
 * Archives the year: from now on it is read-only (every write into it answers `schoolYear.closed`), and the
 * students still enrolled in its classes leave them on its last day, so next year's enrolments start clean.
 */
export async function closeSchoolYear(deps: AppDeps, actor: Actor, yearId: number, origin: AuditOrigin) {
  const school = contextSchool(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    const endedEnrollments = await repo.closeYear(trx, school.id, yearId, year.endsOn, origin.at);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'schoolYear.closed',
      subjectType: AUDIT_SUBJECT,
      subjectId: yearId,
      before: { status: 'active' },
      after: { status: 'closed', endedEnrollments },
    });
    return { year: await loadYear(trx, school.id, yearId, true), endedEnrollments };
  });
}
