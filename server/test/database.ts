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
      await dropThrowaway(url, name);
    },
  };
}

/**
 * Drops a test's database. WITH (FORCE) ends backends still attached (needs pg_signal_backend for a non-superuser);
 * when that is not allowed, a plain drop is retried briefly. A database that still cannot be dropped is left for the
 * next run's global setup, which removes leftovers: a cleanup problem must not fail the test that used it.
 */
async function dropThrowaway(url: string, name: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    try {
      await client.query(`drop database if exists ${name} with (force)`);
      return;
    } catch {
      // insufficient privilege to terminate a backend: fall through to polite retries
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await client.query(`drop database if exists ${name}`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    console.warn(`test database ${name} left behind; the next run removes it`);
  } finally {
    await client.end();
  }
}
