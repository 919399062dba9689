import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_reference_institutions.js';

/**
 * Every migration, in order. Append-only: a merged migration is never edited; a change is a new file.
 * A static list (not a directory scan) so the set is fixed at build time and typed.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_reference_institutions': m0002,
};
