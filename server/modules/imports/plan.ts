import type { PeopleField } from '@common/schemas/imports.js';
import type { Database } from '../../db/client.js';
import { accountLocale, normalizeRow } from './normalize.js';
import { planRosterRows } from './oneroster/plan.js';
import { planChanges } from './plan.changes.js';
import { labelKey } from './plan.keys.js';
import { matchRows } from './plan.match.js';
import type { InputRow, NewClass, PersonPlan, Plan, PlanContext } from './plan.types.js';

/**
 * The dry run's judgement of every row — and, run again inside the apply's transaction, exactly what the apply
 * writes. Stages: normalise the person rows, match them to people (plan.match.ts), plan their changes
 * (plan.changes.ts), plan the OneRoster rows (oneroster/plan.ts), then the classes to create and each row's outcome.
 * Every stage asks the database once per kind of lookup for all rows, never once per row.
 */
export async function planRows(db: Database, ctx: PlanContext, rows: InputRow[]): Promise<Plan> {
  const personRows = rows.filter((r) => r.entity === 'person');
  const persons: PersonPlan[] = personRows.map((row) => {
    const { record, problems } = normalizeRow(row.values as Partial<Record<PeopleField, string>>, ctx.today);
    return {
      entity: 'person',
      rowNumber: row.rowNumber,
      outcome: 'new',
      problems,
      record,
      personId: null,
      candidate: null,
      via: null,
      confirmed: false,
      existing: null,
      personChanges: {},
      addMembership: null,
      setExternalId: false,
      currentMembershipId: null,
      enrol: null,
      links: [],
      locale: record ? accountLocale(record, ctx.locale) : ctx.locale,
      changes: [],
    };
  });
  const confirmedOf = new Map(personRows.map((r) => [r.rowNumber, r.confirmedPersonId]));
  const { byIin, byExt, known, referenced } = await matchRows(db, ctx, rows, persons, confirmedOf);
  const classes = await planChanges(db, ctx, persons, { byIin, byExt, known, referenced });

  const roster = await planRosterRows(db, ctx, rows, { persons, byExt, classes });

  // ── Classes to create, outcomes ────────────────────────────────────────────────────────────────────────────
  const newClasses = new Map<string, NewClass>();
  for (const c of roster.classes) {
    if (c.outcome !== 'error' && c.classId === null && c.label) {
      newClasses.set(labelKey(c.label), { label: c.label, language: c.language, externalId: c.externalId });
    }
  }
  for (const t of roster.teaching) {
    if (t.outcome === 'error' || !t.classLabel) continue;
    const key = labelKey(t.classLabel);
    if (!classes.has(key) && !newClasses.has(key)) {
      newClasses.set(key, { label: t.classLabel, language: ctx.defaultLanguage, externalId: null });
    }
  }
  for (const plan of persons) {
    if (!plan.enrol || plan.problems.length > 0) continue;
    const key = labelKey(plan.enrol);
    if (!classes.has(key) && !newClasses.has(key)) {
      newClasses.set(key, {
        label: plan.enrol,
        language: plan.record?.language ?? ctx.defaultLanguage,
        externalId: null,
      });
    }
  }
  for (const plan of persons) {
    plan.changes = [
      ...Object.keys(plan.personChanges),
      ...(plan.addMembership ? ['membership'] : []),
      ...(plan.setExternalId && !plan.addMembership ? ['externalId'] : []),
      ...(plan.enrol ? ['class'] : []),
      ...(plan.links.length > 0 ? ['links'] : []),
    ];
    plan.outcome =
      plan.problems.length > 0
        ? 'error'
        : plan.candidate
          ? 'confirm'
          : plan.personId === null
            ? 'new'
            : plan.changes.length > 0
              ? 'update'
              : 'unchanged';
  }
  return { persons, roster, newClasses, classes };
}
