/**
 * The Kundelik / Dnevnik v2 wire conventions (kundelik-v2-api.md §1.0), in one place so every v2 route
 * writes ids, dates and errors the way third-party clients parse them.
 */
import { SCHOOL_TIME_ZONE } from '../../lib/clock.js';

type Id = number | string | bigint;

/**
 * `{ id: 5, id_str: "5" }` for each given key: every v2 id travels as a number and its string twin, because
 * JavaScript clients read the `_str` copy and Java/Kotlin ones the number. Our ids stay below 2^53, so the
 * number is exact. A null id gives null in both.
 */
export function ids<K extends string>(
  values: Record<K, Id | null | undefined>,
): Record<K, number | null> & Record<`${K}_str`, string | null> {
  const out: Record<string, number | string | null> = {};
  for (const [key, value] of Object.entries(values) as [string, Id | null | undefined][]) {
    out[key] = value == null ? null : Number(value);
    out[`${key}_str`] = value == null ? null : String(value);
  }
  return out as Record<K, number | null> & Record<`${K}_str`, string | null>;
}

/** `[1, 2]` → `{ key: [1, 2], key_str: ["1", "2"] }`, e.g. `teachers` / `teachers_str`, `parentIds` / `parentIds_str`. */
export function idList<K extends string>(
  key: K,
  values: readonly Id[],
): Record<K, number[]> & Record<`${K}_str`, string[]> {
  return { [key]: values.map(Number), [`${key}_str`]: values.map(String) } as Record<K, number[]> &
    Record<`${K}_str`, string[]>;
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A response date: local school time, no zone, `YYYY-MM-DDTHH:mm:ss` (clients compare `"<day>T00:00:00"` as
 * text). A `YYYY-MM-DD` string is a calendar day and gives midnight; a `HH:mm` time may be added to it.
 */
export function v2DateTime(value: Date | string, time?: string | null): string {
  if (typeof value === 'string') {
    const day = value.slice(0, 10);
    const hm = time ? time.slice(0, 5) : '00:00';
    return `${day}T${hm}:${time && time.length >= 8 ? time.slice(6, 8) : '00'}`;
  }
  const p = Object.fromEntries(localParts.formatToParts(value).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A date as clients put it in paths and query strings (§1.0 table): `2024-09-02`, `2024-09-02T08:30`,
 * `…T08:30:00.000`, `2024-09-02 00:00:00[.SSSSSS]` (space as `%20` or `+`), `2024-09-02T00:00:00.000Z`.
 * Returns the school-local calendar day (`YYYY-MM-DD`) and the time of day when one was given, or null when
 * the text is not a date. A value with `Z` or an offset is converted to school time first (a JS client at
 * midnight local time sends the previous day's 19:00Z).
 */
export function parseV2Date(raw: string): { day: string; time: string | null } | null {
  // A `+` between day and time is a query-string space (Python clients); elsewhere it starts an offset.
  const text = raw.trim().replace(/^(\d{4}-\d{2}-\d{2})\+/, '$1 ');
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text,
  );
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, zone] = m;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d)
  ) {
    return null;
  }
  if (hh !== undefined && (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? 0) > 59)) return null;
  if (zone) {
    const instant = new Date(`${y}-${mo}-${d}T${hh ?? '00'}:${mi ?? '00'}:${ss ?? '00'}${zone === 'Z' ? 'Z' : zone}`);
    if (Number.isNaN(instant.getTime())) return null;
    const local = v2DateTime(instant);
    return { day: local.slice(0, 10), time: local.slice(11, 19) };
  }
  return { day: `${y}-${mo}-${d}`, time: hh === undefined ? null : `${hh}:${mi}:${ss ?? '00'}` };
}

/** Error `type` values the clients check (§1.0 "Errors"). */
export type V2ErrorType =
  | 'tokenRequired'
  | 'invalidToken'
  | 'authorizationFailed'
  | 'maxAttempsExceeded'
  | 'parameterInvalid'
  | 'parameterRequired'
  | 'notFound'
  | 'accessDenied'
  | 'apiRequestLimit'
  | 'apiServerError'
  | 'apiUnknownError';

/**
 * Thrown by v2 handlers; the v2 plugin's error handler writes it as `{ type, description }` — several clients
 * read only `type` and never the status, so every v2 error has this JSON body.
 */
export class V2Error extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: V2ErrorType,
    description: string,
  ) {
    super(description);
  }
}

export const v2NotFound = (what = 'Resource') => new V2Error(404, 'notFound', `${what} not found`);
export const v2BadParameter = (name: string) => new V2Error(400, 'parameterInvalid', `Parameter '${name}' is invalid`);
