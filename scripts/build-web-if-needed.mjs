#!/usr/bin/env node
/**
 * `npm start` runs this first (prestart): build the web app only when web/dist is missing or older than its
 * sources, so a fresh clone serves the UI without a separate step and a restart costs nothing when nothing
 * changed. Plain Node, no dependencies: it runs before anything else is known to work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const output = at('web', 'dist', 'index.html');
const SKIP_DIRS = new Set(['dist', 'node_modules', '.vite']);

/** Newest modification time (ms) under a directory, and the file that has it. */
function newest(dir, best = { mtime: 0, file: '' }) {
  if (!existsSync(dir)) return best;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) newest(path, best);
    } else if (entry.isFile()) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > best.mtime) Object.assign(best, { mtime: mtimeMs, file: path });
    }
  }
  return best;
}

function newestSource() {
  const best = { mtime: 0, file: '' };
  newest(at('web'), best);
  newest(at('common', 'i18n'), best);
  newest(at('common', 'schemas'), best);
  newest(at('common', 'assessment'), best);
  // common/*.ts only (not sub-folders other than the two above).
  for (const entry of readdirSync(at('common'), { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = at('common', entry.name);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > best.mtime) Object.assign(best, { mtime: mtimeMs, file: path });
  }
  const lock = at('package-lock.json');
  if (existsSync(lock) && statSync(lock).mtimeMs > best.mtime)
    Object.assign(best, { mtime: statSync(lock).mtimeMs, file: lock });
  return best;
}

if (!existsSync(at('web', 'vite.config.ts'))) {
  console.log('web: no web/vite.config.ts — nothing to build, serving the API only');
  process.exit(0);
}

const source = newestSource();
const reason = !existsSync(output)
  ? 'web/dist/index.html is missing'
  : source.mtime > statSync(output).mtimeMs
    ? `${relative(root, source.file)} is newer than web/dist`
    : null;

if (!reason) {
  console.log('web: web/dist is up to date — skipping the build');
  process.exit(0);
}

console.log(`web: building (${reason})`);
const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`web: could not run vite: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`web: build failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status || 1);
}
