import type { paths } from '@common/api/v1.js';
import type { Me } from '@common/schemas/auth.js';
import i18n, { currentLocale } from '../i18n.js';
import { ApiError } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';

export { ApiError } from '../lib/apiError.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Query values are sent as text; zod's coercing input types (unknown) are accepted as they are. */
export type QueryParams = Record<string, unknown>;

/** `?a=1&b=x` from the defined, non-empty values (undefined/null/'' are left out). */
export function queryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * One call to the API under /api/v1. Same-origin cookies carry the session; every write echoes the session's
 * CSRF token (from the cached GET /me); the server answers errors in the UI language.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLocale() };
  if (method !== 'GET') {
    const csrf = queryClient.getQueryData<Me | null>(ME_KEY)?.csrfToken;
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';

  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null; // a proxy's HTML error page, say
    }
  }
  if (!response.ok) {
    const body = (data ?? {}) as { code?: string; message?: string };
    // Without a message of ours (a proxy or gateway answered) say something generic in the UI language.
    const message = body.message ?? i18n.t(response.status >= 500 ? 'errors:internal' : 'errors:badRequest');
    throw new ApiError(response.status, { ...body, message });
  }
  return data as T;
}

export const get = <T>(path: string, params?: QueryParams) => api<T>('GET', `${path}${queryString(params)}`);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/*
 * Typed calls (issue 8 §3): the path, its parameters, the body and the answer are those of the OpenAPI document,
 * through the types generated from it (common/api/v1.d.ts, `npm run api:types`). Same request as `api()`.
 */
type Lower<M extends Method> = Lowercase<M>;
type Relative<P> = P extends `/api/v1${infer R}` ? R : never;
type OperationOf<M extends Method, P extends string> = `/api/v1${P}` extends keyof paths
  ? paths[`/api/v1${P}`] extends Record<Lower<M>, infer O>
    ? O
    : never
  : never;
/** The documented paths (relative to /api/v1, `{param}` placeholders) that answer `method`. */
export type ApiPath<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<Lower<M>, unknown> ? Relative<P> : never;
}[keyof paths];
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON of the operation's success answer (200, else 201; 204 is no body). */
export type ApiResult<M extends Method, P extends string> =
  OperationOf<M, P> extends { responses: infer R }
    ? 200 extends keyof R
      ? Json<R[200]>
      : 201 extends keyof R
        ? Json<R[201]>
        : undefined
    : never;
type Params<O> = O extends { parameters: infer X } ? X : Record<never, never>;
type PathParams<O> = Params<O> extends { path: infer X } ? { path: X } : { path?: never };
type QueryParamsOf<O> = Params<O> extends { query?: infer X } ? { query?: X } : { query?: never };
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? { body?: B }
    : { body?: never };
export type ApiInit<M extends Method, P extends string> = PathParams<OperationOf<M, P>> &
  QueryParamsOf<OperationOf<M, P>> &
  BodyOf<OperationOf<M, P>>;

/** `/journal/{assignmentId}` with `{ assignmentId: 7 }` → `/journal/7` (values URL-encoded). */
export function fillPath(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`missing path parameter ${name} of ${template}`);
    return encodeURIComponent(String(values[name]));
  });
}

/** A documented call: `typed('PUT', '/journal/{assignmentId}/marks', { path: { assignmentId }, body })`. */
export function typed<M extends Method, P extends ApiPath<M>>(
  method: M,
  path: P,
  ...[init]: Record<never, never> extends ApiInit<M, P> ? [ApiInit<M, P>?] : [ApiInit<M, P>]
): Promise<ApiResult<M, P>> {
  const { path: values, query, body } = (init ?? {}) as { path?: object; query?: QueryParams; body?: unknown };
  const url = `${fillPath(path, values as Record<string, unknown>)}${queryString(query)}`;
  // The untyped helpers send `{}` for a body-less POST; so does this, so the request is the same.
  return api<ApiResult<M, P>>(method, url, body ?? (method === 'POST' ? {} : undefined));
}
