import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Schema } from './schemas.js';

/**
 * Validation of v2 responses against the reference's schemas (ajv, draft 2020-12) plus the §1.0 conventions a
 * schema cannot say once for all objects: every id's `_str` twin equals the number, dates are
 * `YYYY-MM-DDTHH:mm:ss`, and no number is beyond 2^53. Messages name the JSON path and the offending value.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new WeakMap<Schema, ValidateFunction>();

function validator(schema: Schema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

const excerpt = (value: unknown) => {
  const s = JSON.stringify(value);
  return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

function valueAt(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function describe(e: ErrorObject, data: unknown): string {
  const at = e.instancePath === '' ? '$' : `$${e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
  if (e.keyword === 'required') return `${at}: missing "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'dependentRequired') {
    const p = e.params as { property: string; missingProperty: string };
    return `${at}: has "${p.property}" but not its twin "${p.missingProperty}"`;
  }
  return `${at} ${e.message ?? e.keyword} (got ${excerpt(valueAt(data, e.instancePath))})`;
}

/** Array indices folded (`$.days[*].marks[*]`): a wrong shape repeats for every element. */
const fold = (line: string) => line.replace(/\[\d+\]/g, '[*]');

/** Schema problems of `data`, each one line prefixed with `what` (empty when valid). At most 12 listed. */
export function validateAgainst(schema: Schema, data: unknown, what: string): string[] {
  const v = validator(schema);
  if (v(data)) return [];
  const errors = v.errors ?? [];
  // anyOf/allOf branches repeat the same failure; keep each line once.
  const lines = [...new Set(errors.map((e) => fold(describe(e, data))))];
  const shown = lines.slice(0, 12).map((l) => `${what}: ${l}`);
  if (lines.length > 12) shown.push(`${what}: … ${lines.length - 12} more`);
  return shown;
}

/** Scalar ids §1.0 says travel with an `X_str` twin. */
const TWINNED = new Set([
  'id',
  'person',
  'personId',
  'userId',
  'user',
  'work',
  'workId',
  'lesson',
  'eduGroup',
  'group',
  'timetable',
  'reportingPeriod',
  'subject',
]);
/** Id arrays with an `X_str` array twin (§1.0 parentIds/parentIds_str; Lesson teachers/teachers_str). */
const TWINNED_LISTS = new Set(['parentIds', 'teachers']);
const LOOKS_LIKE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
const V2_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** §1.0 conventions anywhere in a response (see the file comment). */
export function conventionProblems(data: unknown, what: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) && Number.isInteger(value)) out.push(`${what}: ${at} = ${value} is beyond 2^53`);
      return;
    }
    if (typeof value === 'string') {
      if (LOOKS_LIKE_DATE_TIME.test(value) && !V2_DATE_TIME.test(value))
        out.push(`${what}: ${at} = "${value}" is not YYYY-MM-DDTHH:mm:ss`);
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${at}[${i}]`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (TWINNED.has(k) && typeof v === 'number') {
        if (obj[`${k}_str`] !== String(v)) {
          out.push(
            `${what}: ${at}.${k} has no matching ${k}_str (got ${excerpt(obj[`${k}_str`])}; every id needs its twin)`,
          );
        }
      }
      if (TWINNED_LISTS.has(k) && Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')) {
        if (excerpt(obj[`${k}_str`]) !== excerpt(v.map(String))) {
          out.push(`${what}: ${at}.${k} has no matching ${k}_str list (got ${excerpt(obj[`${k}_str`])})`);
        }
      }
      walk(v, `${at}.${k}`);
    }
  };
  walk(data, '$');
  return [...new Set(out.map(fold))].slice(0, 12);
}

/** Schema and conventions together. */
export function checkResponse(schema: Schema, data: unknown, what: string): string[] {
  return [...validateAgainst(schema, data, what), ...conventionProblems(data, what)];
}
