/**
 * Mailed links carry their one-time token in the URL fragment (`#token=…`): browsers never send a fragment to
 * the server, so it stays out of access logs, proxies and Referer headers.
 */
export function tokenFromHash(hash: string = window.location.hash): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}
