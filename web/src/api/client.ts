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
