import type { Locale } from '@common/enums.js';
import type { ImportSummary, PeopleField, RowOutcome } from '@common/schemas/imports.js';
import type { Database } from '../../db/client.js';
import { currentYear } from '../school-year/school-year.queries.js';
import { rowValues } from './fields.js';
import type { JobMapping, RowVerdict, StoredRow } from './imports.repository.js';
import { usualLanguage } from './match.repository.js';
import type { InputRow, Plan, PlanContext } from './plan.types.js';

/** The stored rows as the planner reads them: a people file's cells through the mapping, fixes on top. */
export function inputRows(rows: StoredRow[], mapping: JobMapping): InputRow[] {
  const columns = mapping.columns as Array<PeopleField | null>;
  return rows.map(({ rowNumber, data }) => ({
    rowNumber,
    entity: data.entity,
    values: data.cells ? rowValues(data.cells, columns, data.values) : (data.values ?? {}),
    confirmedPersonId: data.confirmedPersonId,
  }));
}

export async function planContext(db: Database, schoolId: number, today: string, locale: Locale): Promise<PlanContext> {
  const [year, language] = await Promise.all([currentYear(db, schoolId, today), usualLanguage(db, schoolId)]);
  return { schoolId, today, year, defaultLanguage: language ?? 'kk', locale };
}

export function verdicts(plan: Plan): RowVerdict[] {
  const out: RowVerdict[] = plan.persons.map((p) => ({
    rowNumber: p.rowNumber,
    outcome: p.outcome,
    errors: p.problems,
    matchedPersonId: p.personId ?? p.candidate?.id ?? null,
    detail: { entity: 'person', via: p.via, confirmed: p.confirmed, changes: p.changes },
  }));
  for (const r of [...plan.roster.classes, ...plan.roster.subjects, ...plan.roster.teaching]) {
    out.push({
      rowNumber: r.rowNumber,
      outcome: r.outcome,
      errors: r.problems,
      matchedPersonId: null,
      detail: { entity: r.entity, via: null, confirmed: false, changes: r.changes },
    });
  }
  return out.sort((a, b) => a.rowNumber - b.rowNumber);
}

export function summarize(plan: Plan): ImportSummary {
  const all = verdicts(plan);
  const count = (o: RowOutcome) => all.filter((v) => v.outcome === o).length;
  const ok = plan.persons.filter((p) => p.outcome !== 'error');
  return {
    new: count('new'),
    update: count('update'),
    unchanged: count('unchanged'),
    error: count('error'),
    confirm: count('confirm'),
    confirmed: plan.persons.filter((p) => p.confirmed).length,
    classesToCreate: plan.newClasses.size,
    enrolments: ok.filter((p) => p.enrol).length,
    links: ok.reduce((n, p) => n + p.links.length, 0),
    accounts: plan.persons.filter((p) => p.outcome === 'new').length,
  };
}
