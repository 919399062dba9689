import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { kyselyOnPg, kyselyOnPglite, openPglite } from '../db/client.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'pglite' | 'pg';
    /** PGlite: a dump of a migrated data directory. PostgreSQL: the name of a migrated template database. */
    template: string;
  }
}

export const TEMPLATE_DB = 'dapter_test_template';

/**
 * Initialise and migrate one database for the whole run; every test file starts from a copy of it.
 * (A fresh PGlite costs ~7 s; loading the dump ~1.5 s; CREATE DATABASE … TEMPLATE on PostgreSQL ~0.1 s.)
 */
export default async function setup(project: TestProject) {
  if (process.env.DAPTER_TEST_DB === 'pg') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('npm run test:pg needs DATABASE_URL (a role allowed to CREATE DATABASE)');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Leftovers of an interrupted run (template and per-file copies) go first.
    const leftovers = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'dapter\\_t\\_%' and pg_get_userbyid(datdba) = current_user",
    );
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname}`).catch(() => {});
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${TEMPLATE_DB}`;
    const handle = kyselyOnPg(target.toString(), 1);
    await migrateToLatest(handle.db as never);
    await handle.close();
    project.provide('dbKind', 'pg');
    project.provide('template', TEMPLATE_DB);
    return;
  }
  const pglite = await openPglite(undefined);
  const handle = kyselyOnPglite(pglite);
  await migrateToLatest(handle.db as never);
  const dump = await pglite.dumpDataDir('none');
  await handle.close();
  const dir = resolve('.test-data');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbKind', 'pglite');
  project.provide('template', file);
}
