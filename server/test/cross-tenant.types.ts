import type { Tenant, TestPerson } from './factories.js';
import type { Client, TestApp } from './harness.js';

/** How one route is aimed at the victim tenant (see cross-tenant.test.ts). */
export interface Aim {
  url: string;
  body?: unknown;
  /** denied: must be 401/403/404. noLeak: a list/self route may answer 200, but without victim data. */
  outcome: 'denied' | 'noLeak';
}
export type Fixture = (v: Tenant, attacker: TestPerson) => Aim;

/**
 * A module's share of the cross-tenant test, kept beside the module (`<module>.cross-tenant.ts`) and listed in
 * cross-tenant.modules.ts, so modules added in parallel never edit the same lines.
 */
export interface CrossTenantModule {
  /**
   * Creates the victim school's data the fixtures aim at (through the API as the victim's own administrator,
   * so it is real), and remembers the ids in module variables the fixtures read.
   */
  prepare?: (ctx: { t: TestApp; victim: Tenant; victimAdmin: Client }) => Promise<void>;
  /** Keyed by "METHOD /api/v1/url" exactly as the route is declared. */
  fixtures: Record<string, Fixture>;
  /** List/search URLs every attacker may call: they may answer 200 but must not contain victim data. */
  searches?: (v: Tenant) => string[];
  /** Strings that only the victim's data contains (names it gave its classes, rooms…): never in a foreign answer. */
  markers?: () => string[];
}
