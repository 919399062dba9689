/** The primitives and the `object()` builder every area's schemas (schemas.<area>.ts) are written with. */

export type Schema = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------- primitives

/** §1.0 "Date formats in responses": `YYYY-MM-DDTHH:mm:ss`, local, no zone (a suffix is tolerated, ALX-P cuts to 19). */
export const DATE_TIME: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}' };
export const NULLABLE_DATE_TIME: Schema = { anyOf: [DATE_TIME, { type: 'null' }] };
/** §1.0 "IDs are 64-bit": a positive integer that JavaScript reads exactly (we keep ids below 2^53). */
export const ID: Schema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
export const ID_STR: Schema = { type: 'string', pattern: '^[1-9][0-9]*$' };
export const NULLABLE_ID: Schema = { anyOf: [ID, { type: 'null' }] };
export const NULLABLE_ID_STR: Schema = { anyOf: [ID_STR, { type: 'null' }] };
export const STR: Schema = { type: 'string' };
export const TEXT: Schema = { type: 'string', minLength: 1 };
export const NSTR: Schema = { type: ['string', 'null'] };
export const INT: Schema = { type: 'integer' };
export const NINT: Schema = { type: ['integer', 'null'] };
export const BOOL: Schema = { type: 'boolean' };
export const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
export const ID_LIST: Schema = arrayOf(ID);
const ID_STR_LIST: Schema = arrayOf(ID_STR);

export interface ObjectSpec {
  /** Fields clients read: must be present. */
  required?: string[];
  /** Ids that must be present with their `_str` twin (`id` → `id`, `id_str`). */
  ids?: string[];
  /** Ids that may be null (still present, twin too). */
  nullableIds?: string[];
  /** Ids that may be absent; when present, the twin must be too. */
  optionalIds?: string[];
  /** Id arrays with an `_str` array twin (§1.0: parentIds/parentIds_str, teachers/teachers_str), when present. */
  idLists?: string[];
  properties?: Record<string, Schema>;
}

/** An object schema with the §1.0 id twins spelled out: `X` is an int64 number and `X_str` its decimal string. */
export function object(spec: ObjectSpec): Schema {
  const properties: Record<string, Schema> = { ...(spec.properties ?? {}) };
  const required = [...(spec.required ?? [])];
  const dependentRequired: Record<string, string[]> = {};
  for (const k of spec.ids ?? []) {
    properties[k] = ID;
    properties[`${k}_str`] = ID_STR;
    required.push(k, `${k}_str`);
  }
  for (const k of spec.nullableIds ?? []) {
    properties[k] = NULLABLE_ID;
    properties[`${k}_str`] = NULLABLE_ID_STR;
    required.push(k, `${k}_str`);
  }
  for (const k of spec.optionalIds ?? []) {
    properties[k] = NULLABLE_ID;
    properties[`${k}_str`] = NULLABLE_ID_STR;
    dependentRequired[k] = [`${k}_str`];
  }
  for (const k of spec.idLists ?? []) {
    properties[k] = ID_LIST;
    properties[`${k}_str`] = ID_STR_LIST;
    dependentRequired[k] = [`${k}_str`];
  }
  return {
    type: 'object',
    properties,
    required: [...new Set(required)],
    ...(Object.keys(dependentRequired).length ? { dependentRequired } : {}),
  };
}

/** Criteria (СОр/СОч) marks before their shapes were documented: any JSON, conventions only. */
export const Undocumented: Schema = { type: ['object', 'array'] };
