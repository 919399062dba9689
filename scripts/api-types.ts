/**
 * `npm run api:types` — writes common/api/v1.d.ts, the TypeScript types of /api/v1 generated from the OpenAPI
 * document the app serves (issue 8 §3). Run it after changing a route's schema; the drift test
 * (server/test/openapi-client.test.ts) fails until you do. No database or server is needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { appDocument, V1_TYPES_FILE, v1Types } from '../server/test/openapi-v1.js';

async function main() {
  const text = await v1Types(await appDocument());
  mkdirSync(dirname(V1_TYPES_FILE), { recursive: true });
  writeFileSync(V1_TYPES_FILE, text);
  console.log(`wrote ${relative(process.cwd(), V1_TYPES_FILE)} (${Math.round(text.length / 1024)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
