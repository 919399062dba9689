import { parseIin } from '@common/iin.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { conflict, unprocessable } from '../../errors.js';
import { DAY_MS } from '../../lib/clock.js';
import { newTemporaryPassword } from '../../lib/tokens.js';
import { findIinHolder, takenUsernames } from './persons.repository.js';

/**
 * Checks and generators shared by creating one person, creating many (credentials/bulk.service.ts) and editing:
 * birth-date range, IIN agreement and uniqueness, free usernames, temporary credentials.
 */
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The Postgres unique-violation's constraint name (both drivers expose it), or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  if (e?.code !== '23505') return null;
  return typeof e.constraint === 'string' ? e.constraint : '';
}

export function checkBirthDate(birthDate: string, day: string) {
  if (birthDate < EARLIEST_BIRTH_DATE || birthDate > day) throw unprocessable('person.birthDateOutOfRange');
}

/** An IIN encodes birth date and sex; a record whose IIN says otherwise is a typo somewhere. */
export function checkIinAgrees(iin: string | null | undefined, birthDate: string, gender: string) {
  if (!iin) return;
  const info = parseIin(iin);
  if (!info || info.birthDate !== birthDate || info.gender !== gender) throw unprocessable('person.iinMismatch');
}

export async function checkIinFree(db: Database, iin: string | null | undefined, personId: number | null) {
  if (!iin) return;
  const holder = await findIinHolder(db, iin);
  if (holder && holder.id !== personId) throw conflict('person.iinTaken');
}

/**
 * For each base in order: `base`, else `base2`, `base3`… — the first one neither taken nor already given to an
 * earlier entry of the same batch. One query for all the families, however many bases (bulk creation).
 */
export async function freeUsernames(db: Database, bases: readonly string[]): Promise<string[]> {
  const taken = await takenUsernames(db, [...new Set(bases)]);
  return bases.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  });
}

export async function freeUsername(db: Database, base: string) {
  const [name] = await freeUsernames(db, [base]);
  return name ?? base;
}

/**
 * A new temporary password: returned once to the caller, only its argon2id hash is kept (at the cost for
 * generated secrets, lib/password.ts TEMPORARY_COST). It works for TEMP_CREDENTIALS_DAYS; sign-in refuses it
 * after that (user agreement 3.1).
 */
export async function temporaryCredential(deps: AppDeps, now: Date) {
  const password = newTemporaryPassword();
  return {
    password,
    hash: await deps.hasher.hashGenerated(password),
    expiresAt: new Date(now.getTime() + deps.config.TEMP_CREDENTIALS_DAYS * DAY_MS),
  };
}
