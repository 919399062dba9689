import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type DbHandle, kyselyOnPg, kyselyOnPglite, openPglite } from '../db/client.js';

/** A private, migrated database for one test file: a PGlite loaded from the template dump, or a copy of the
 * PostgreSQL template database (dropped again on close). */
export async function openTestDatabase(): Promise<DbHandle> {
  const template = inject('template');
  if (inject('dbKind') === 'pglite') {
    const blob = new Blob([readFileSync(template)]);
    return kyselyOnPglite(await openPglite(undefined, blob));
  }
  const url = process.env.DATABASE_URL!;
  const name = `dapter_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = kyselyOnPg(target.toString(), 4);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
