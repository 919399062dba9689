import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type RouteInfo, type TestApp } from './harness.js';
import { V1_TYPES_FILE, v1Types } from './openapi-v1.js';

/**
 * Issue 8 §3: everything the web app does is in the OpenAPI document, and the generated types (common/api/v1.d.ts,
 * used by the typed test client) are the document of the code as it is now.
 */

/**
 * Routes of /api/v1 that may lack a documented success body — each for a reason a JSON schema cannot express.
 * `METHOD /api/v1/path` as registered (fastify's `:param` syntax). File downloads need no entry: they document
 * their media type (`produces`, e.g. application/pdf) instead of a JSON schema.
 */
const UNDOCUMENTED_BODY = new Map<string, string>([
  ['GET /api/v1/notifications/stream', 'a Server-Sent Events stream, not one JSON body'],
  ['GET /api/v1/notifications/unsubscribe', 'an HTML page opened from an e-mail link (RFC 8058), not an API call'],
  ['POST /api/v1/notifications/unsubscribe', "the page's button / a mail app's one-click form post; answers HTML"],
]);

type Doc = OpenAPI3 & {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
};

let t: TestApp;
let doc: Doc;
const routes: RouteInfo[] = [];
const toOpenApi = (url: string) => url.replace(/:(\w+)/g, '{$1}');

beforeAll(async () => {
  t = await createTestApp({}, routes);
  doc = (await t.app.inject('/api/openapi.json')).json();
}, 180_000);
afterAll(() => t.close());

describe('OpenAPI document of /api/v1', () => {
  it('generates exactly the committed common/api/v1.d.ts (else: run npm run api:types)', async () => {
    const fresh = await v1Types(doc);
    const committed = readFileSync(V1_TYPES_FILE, 'utf8');
    // Not toEqual on 600 KB of text: the message says what to do.
    expect(fresh === committed, 'common/api/v1.d.ts is stale: run npm run api:types').toBe(true);
  });

  it('declares the session cookie and the bearer token as security schemes', () => {
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual(expect.arrayContaining([{ session: [] }, { bearer: [] }]));
  });

  it('documents every /api/v1 route with a schema for its success response', () => {
    const v1 = routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'OPTIONS');
    expect(v1.length).toBeGreaterThan(100);
    const gaps: string[] = [];
    for (const r of v1) {
      const key = `${r.method} ${r.url}`;
      if ((r.schema as { hide?: boolean }).hide) {
        gaps.push(`${key}: hidden from the document`);
        continue;
      }
      const op = doc.paths[toOpenApi(r.url)]?.[r.method.toLowerCase()];
      if (!op) {
        gaps.push(`${key}: not in the document`);
        continue;
      }
      if (UNDOCUMENTED_BODY.has(key)) continue;
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      // JSON: a schema that says something beyond a description; a file: its media type (the bytes need no schema).
      const described = success.some(
        ([status, res]) =>
          status === '204' ||
          Object.entries(res.content ?? {}).some(([media, c]) =>
            media === 'application/json' ? Object.keys(c.schema ?? {}).some((k) => k !== 'description') : true,
          ),
      );
      if (!described) gaps.push(`${key}: no success response schema`);
    }
    expect(gaps).toEqual([]);
    // The allow-list holds only routes that exist.
    for (const key of UNDOCUMENTED_BODY.keys()) expect(v1.map((r) => `${r.method} ${r.url}`)).toContain(key);
  });

  it('documents every /api/v1 path the web app calls, with the method it uses', () => {
    const calls = webApiCalls();
    expect(calls.length).toBeGreaterThan(100);
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .map(([path, ops]) => ({ segments: path.split('/'), methods: Object.keys(ops) }));
    const matches = (path: string) =>
      documented.filter(
        (d) =>
          d.segments.length === path.split('/').length &&
          path.split('/').every((s, i) => s === d.segments[i] || s === '{}'),
      );
    const gaps = calls
      .filter(({ method, path }) => {
        const found = matches(path);
        return method ? !found.some((d) => d.methods.includes(method)) : found.length === 0;
      })
      .map(({ file, method, path }) => `${file}: ${method ?? 'any'} ${path}`);
    expect(gaps).toEqual([]);
  });
});

const WEB_SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/**
 * `/journal/${a}/marks?x=1` → `/api/v1/journal/{}/marks`: parameters unnamed (`{}` matches any one segment: a
 * parameter, or an action chosen at run time like `/lessons/${id}/${kind}`), query left out.
 */
const normalise = (raw: string) =>
  `/api/v1${raw.replace(/^\/api\/v1/, '')}`
    .replace(/\$\{queryString\([^`]*?\)\}/g, '')
    .replace(/\$\{[^}]*\}/g, '{}')
    .replace(/\{\w+\}/g, '{}')
    .replace(/[?#].*$/, '');

/**
 * The API paths in the web app's source: the helpers' calls (`get('/x')`, `post(`/x/${id}`)…, paths relative to
 * /api/v1, method known), and every literal that spells out `/api/v1/…` or sits in a `…Paths` table (method not
 * known here; the path must exist).
 */
function webApiCalls() {
  const helper = { get: 'get', post: 'post', put: 'put', patch: 'patch', del: 'delete' } as Record<string, string>;
  const calls: Array<{ file: string; method: string | null; path: string }> = [];
  for (const file of sourceFiles(WEB_SRC)) {
    const text = readFileSync(file, 'utf8');
    const name = file.slice(WEB_SRC.length);
    // get<T>('/path' … / post(`/path/${id}` … (a path, not a dynamic `${path}`).
    for (const m of text.matchAll(
      /\b(get|post|put|patch|del)(?:<[^>()]*(?:<[^>()]*>[^>()]*)*>)?\(\s*(['`])(\/[a-z][^'`]*)\2/g,
    ))
      calls.push({ file: name, method: helper[m[1]!]!, path: normalise(m[3]!) });
    // api('PUT', '/x') and the typed calls, typed('PUT', '/x/{id}', …) (tsc checks those too).
    for (const m of text.matchAll(/\b(?:api|typed)(?:<[^>()]*>)?\(\s*'([A-Z]+)',\s*(['`])(\/[a-z][^'`]*)\2/g))
      calls.push({ file: name, method: m[1]!.toLowerCase(), path: normalise(m[3]!) });
    for (const m of text.matchAll(/(['`])(\/api\/v1\/[^'`]*)\1/g))
      calls.push({ file: name, method: null, path: normalise(m[2]!) });
    for (const table of text.matchAll(/export const \w+Paths = \{([\s\S]*?)\n\};/g))
      for (const m of table[1]!.matchAll(/(['`])(\/[a-z][^'`]*)\1/g))
        calls.push({ file: name, method: null, path: normalise(m[2]!) });
  }
  return calls;
}
