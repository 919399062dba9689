import type { CalendarTemplate, SchoolYear, SchoolYearSummary, ShiftBells } from '@common/schemas/school-year.js';
import type { BellRow, DayOffRow, PeriodRow, YearRow } from './school-year.queries.js';
import type { listTemplates, listYears } from './school-year.repository.js';

type TemplateRow = Awaited<ReturnType<typeof listTemplates>>[number];
type YearListRow = Awaited<ReturnType<typeof listYears>>[number];

/** "2026–2027": the usual way a Kazakh school names its year. */
export const yearName = (startsOn: string, endsOn: string) => `${startsOn.slice(0, 4)}–${endsOn.slice(0, 4)}`;

export function presentTemplate(t: TemplateRow): CalendarTemplate {
  return {
    startYear: t.startYear,
    name: yearName(t.startsOn, t.endsOn),
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    source: t.source,
    periods: t.periods.map((p) => ({ kind: p.kind, number: p.number, startsOn: p.startsOn, endsOn: p.endsOn })),
    daysOff: t.daysOff.map((d) => ({
      kind: d.kind,
      startsOn: d.startsOn,
      endsOn: d.endsOn,
      grades: d.grades,
      names: { kk: d.nameKk, ru: d.nameRu, en: d.nameEn },
    })),
  };
}

export function presentYearSummary(y: YearListRow | YearRow): SchoolYearSummary {
  return {
    id: y.id,
    name: y.name,
    startsOn: y.startsOn,
    endsOn: y.endsOn,
    templateStartYear: y.templateStartYear,
    daysPerWeek: y.daysPerWeek,
    shifts: y.shifts,
    status: y.status,
    closedAt: y.closedAt ? new Date(y.closedAt).toISOString() : null,
  };
}

export function presentBells(rows: readonly BellRow[]): ShiftBells[] {
  const byShift = new Map<number, ShiftBells>();
  for (const r of rows) {
    let s = byShift.get(r.shift);
    if (!s) {
      s = { shift: r.shift, lessons: [] };
      byShift.set(r.shift, s);
    }
    s.lessons.push({ number: r.lessonNumber, startsAt: r.startsAt, endsAt: r.endsAt });
  }
  return [...byShift.values()];
}

export function presentYear(
  y: YearRow,
  parts: { periods: PeriodRow[]; daysOff: DayOffRow[]; bells: BellRow[] },
  canManage: boolean,
): SchoolYear {
  return {
    ...presentYearSummary(y),
    maxLessonsPerDay: y.maxLessonsPerDay,
    periods: parts.periods,
    daysOff: parts.daysOff.map((d) => ({
      id: d.id,
      kind: d.kind,
      startsOn: d.startsOn,
      endsOn: d.endsOn,
      grades: d.grades,
      name: d.name,
      names: d.nameKk && d.nameRu && d.nameEn ? { kk: d.nameKk, ru: d.nameRu, en: d.nameEn } : null,
    })),
    bells: presentBells(parts.bells),
    canManage: canManage && y.status === 'active',
  };
}
