#!/usr/bin/env node
/**
 * `npm start` runs this (prestart, after the web build): bundle the server with esbuild into dist/server/main.js,
 * only when the bundle is missing or older than what went into it, so a restart with nothing changed costs nothing.
 *
 * Why a bundle: the server used to run under tsx, which transpiles every module at start-up and keeps its loader
 * (a worker thread, the esbuild service, the transpiled sources) in memory — ≈ 77 MB of RSS on an idle server,
 * a quarter of the 300 MB target (issue 6). The bundle is plain JavaScript that `node` runs directly. `npm run dev`
 * and the tests keep tsx (watch mode, no build step).
 *
 * - packages stay external: node_modules are loaded by node as usual (native modules, files they read next to
 *   themselves, pglite's wasm), only our own TypeScript (server/, common/, JSON locales) is bundled. So the bundle
 *   must live inside the checkout, where node_modules resolve; run-time files are found from the checkout's root
 *   (server/lib/project-root.ts).
 * - one file per entry, no code splitting, not minified (a stack trace's function names are the sources', and a
 *   `// server/…/file.ts` comment heads each module's code); a linked source map for when the .ts lines are
 *   wanted: `NODE_OPTIONS=--enable-source-maps npm start`. Not on by default: node then parses and keeps the
 *   map, ≈ 40 MB of RSS (measured: idle bench server 165 MB without, 208 MB with; 262 MB under tsx).
 * - stale = an input listed in the last build's metafile (every bundled source file) is newer than the bundle, or
 *   package-lock.json / this script is; a new file only matters once a listed file imports it, which makes that
 *   file newer.
 *
 *   node scripts/build-server.mjs [--force] [--outdir DIR] [--entry FILE]…   (default entry server/main.ts)
 *
 * Also imported (buildServer) by the bench (its server entry) and the tests (a bundle in a temporary directory).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUTDIR = join(ROOT, 'dist');
const SELF = fileURLToPath(import.meta.url);

/** Where the bundle of a source entry goes: server/main.ts → <outdir>/server/main.js. */
export function bundlePath(entry, outdir = DEFAULT_OUTDIR) {
  const rel = relative(ROOT, resolve(ROOT, entry));
  return join(outdir, `${rel.slice(0, rel.length - extname(rel).length)}.js`);
}

const metaPath = (out) => `${out}.meta.json`;

/** Why the bundle must be (re)built, or null when it is up to date. */
function staleReason(out) {
  if (!existsSync(out) || !existsSync(metaPath(out))) return `${relative(ROOT, out)} is missing`;
  const built = statSync(out).mtimeMs;
  let inputs;
  try {
    inputs = Object.keys(JSON.parse(readFileSync(metaPath(out), 'utf8')).inputs);
  } catch {
    return 'its metafile is unreadable';
  }
  for (const file of [...inputs.map((f) => join(ROOT, f)), join(ROOT, 'package-lock.json'), SELF]) {
    if (!existsSync(file)) return `${relative(ROOT, file)} is gone`;
    if (statSync(file).mtimeMs > built) return `${relative(ROOT, file)} is newer than the bundle`;
  }
  return null;
}

/**
 * Bundles each entry into outdir (same relative path, .js) unless up to date. Returns what was done per entry.
 * @param {{ entries?: string[], outdir?: string, force?: boolean, log?: (line: string) => void }} [options]
 */
export async function buildServer({
  entries = ['server/main.ts'],
  outdir = DEFAULT_OUTDIR,
  force = false,
  log = console.log,
} = {}) {
  const { build } = await import('esbuild');
  const results = [];
  for (const entry of entries) {
    const out = bundlePath(entry, outdir);
    const reason = force ? 'forced' : staleReason(out);
    if (!reason) {
      log(`server: ${relative(ROOT, out)} is up to date — skipping the bundle`);
      results.push({ entry, out, built: false });
      continue;
    }
    const started = Date.now();
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [resolve(ROOT, entry)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      // Error classes and functions keep their names when esbuild renames a clash between two modules.
      keepNames: true,
      metafile: true,
      logLevel: 'warning',
    });
    writeFileSync(metaPath(out), JSON.stringify({ inputs: result.metafile.inputs }));
    log(`server: bundled ${entry} → ${relative(ROOT, out)} in ${Date.now() - started} ms (${reason})`);
    results.push({ entry, out, built: true });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const { values } = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      outdir: { type: 'string' },
      entry: { type: 'string', multiple: true },
    },
  });
  try {
    await buildServer({
      force: values.force,
      ...(values.outdir ? { outdir: resolve(values.outdir) } : {}),
      ...(values.entry?.length ? { entries: values.entry } : {}),
    });
  } catch (error) {
    console.error(`server: bundle failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
