import { iinCheckDigit } from '@common/iin.js';
import type { Database } from '../../db/client.js';

let serial = 1;

/** A valid IIN for this birth date and sex; each call a different one (the serial part counts up). */
export function makeIin(birthDate: string, gender: 'male' | 'female'): string {
  const [y = '', m = '', d = ''] = birthDate.split('-');
  const centuryDigit = (Math.floor(Number(y) / 100) - 18) * 2 + (gender === 'male' ? 1 : 2);
  for (;;) {
    const first11 = `${y.slice(2)}${m}${d}${centuryDigit}${String(serial++ % 10_000).padStart(4, '0')}`;
    const k = iinCheckDigit([...first11].map(Number));
    if (k !== null) return `${first11}${k}`;
  }
}

/** Row counts of everything creating a person may write: "nothing was written" is these staying equal. */
export async function writeCounts(db: Database) {
  const count = async (table: 'persons' | 'accounts' | 'memberships' | 'auditEvents') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    persons: await count('persons'),
    accounts: await count('accounts'),
    memberships: await count('memberships'),
    auditEvents: await count('auditEvents'),
  };
}

/** The whole audit log as text, to search for things that must never be in it. */
export async function auditText(db: Database) {
  const rows = await db.selectFrom('auditEvents').selectAll().execute();
  return JSON.stringify(rows);
}
