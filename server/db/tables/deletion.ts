/**
 * Kysely types of the deletion concern's tables. Migration 0007 adds none: a deletion lives on the person row
 * (persons.deleted_at, deletion_reason, purged_at from 0003) and in the audit log, and the purge job keeps its
 * whole state there too ("deleted more than N months ago and not purged yet"), so a restart loses nothing.
 */
// biome-ignore lint/suspicious/noEmptyInterface: kept so DB's `extends` list stays the same for every workstream
export interface DeletionTables {}
