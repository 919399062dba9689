import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root (the nearest directory above this module holding a package.json), for the files the
 * server reads at run time: the vendored fonts, the common-passwords list, the built web app.
 *
 * Why not a path relative to `import.meta.url` in each module: the server runs from two layouts — the TypeScript
 * sources under tsx (`npm run dev`, tests: this file is server/lib/project-root.ts) and the esbuild bundle
 * (`npm start`: every module in dist/server/main.js) — and a relative URL points elsewhere in each. Why not copy
 * the assets next to the bundle: a copy can go stale and the bundle would then differ from the sources in what it
 * reads; named from the root they stay single files, wherever the code runs from. The bundle must live inside the
 * checkout anyway: its packages are external and resolve from the root's node_modules.
 */
export function findProjectRoot(from: string): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.url);

/** A path inside the checkout, e.g. fromRoot('server', 'assets', 'fonts'). */
export const fromRoot = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
