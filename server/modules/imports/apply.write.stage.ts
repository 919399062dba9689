import type { Database } from '../../db/client.js';
import type { AuditEntry } from '../audit/audit.recorder.js';
import type { PersonPlan, PersonRef } from './plan.types.js';

/** What every write stage of the apply (apply.write.ts) shares. */
export interface WriteStage {
  trx: Database;
  schoolId: number;
  jobId: number;
  /** The apply's moment: created/updated timestamps of every row it writes. */
  at: Date;
  /** Audit events, collected by the stages in order and recorded together at the end. */
  entries: AuditEntry[];
  /** The person a row is: the matched one, or the id reserved for a new person; null for a row not applied. */
  personIdOf: (p: PersonPlan) => number | null;
  /** A reference to an existing person or to a person this apply creates. */
  resolve: (ref: PersonRef) => number;
}

/** jsonb_to_recordset: one parameter for any number of rows (PostgreSQL allows at most 65,535 parameters). */
export const asJson = (rows: unknown[]) => JSON.stringify(rows);
