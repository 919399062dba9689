import { loadConfig } from '../config.js';
import { PasswordHasher } from '../lib/password.js';
import { openDatabase } from './client.js';
import { DEMO_PASSWORD } from './demo/logins.js';
import { migrateToLatest } from './migrate.js';
import { isEmpty, seedDemo } from './seed-demo.js';

/** `npm run db:migrate` / `npm run db:seed` — the same steps `npm start` takes, on their own. */
const command = process.argv[2];
const config = loadConfig();
const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const applied = await migrateToLatest(handle.db as never);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is up to date.');
  if (command === 'seed') {
    if (config.NODE_ENV === 'production') throw new Error('Refusing to seed demo data with NODE_ENV=production');
    if (!(await isEmpty(handle.db))) console.log('The database already has people; demo data not added.');
    else {
      await seedDemo(handle.db, new PasswordHasher());
      console.log(`Demo data added (password for all demo users: ${DEMO_PASSWORD}).`);
    }
  } else if (command !== 'migrate') {
    throw new Error('usage: tsx server/db/cli.ts migrate|seed');
  }
} finally {
  await handle.close();
}
