/** Kysely types of this concern's tables (camelCase). Filled in with its migration. */
// biome-ignore lint/suspicious/noEmptyInterface: the workstream adds its tables here
export interface SignInThrottleTables {}
