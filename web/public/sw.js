/*
 * Dapter's service worker (issue 7 §3: the diary works offline for the last loaded week).
 *
 * What it keeps, and why no more:
 * - the app shell: the page (index.html, network-first so a new release is picked up at once) and the hashed
 *   bundles under /assets/ (cache-first: a hashed name never changes content);
 * - of the API, only what the diary's week needs to render offline: the signed-in person (GET /api/v1/me, or
 *   the frame cannot be drawn), whose diary it is (GET /api/v1/diary/students) and the last loaded week of each
 *   child (GET /api/v1/diary/:id/week). Network-first: online the answer is always fresh; the copy is used only
 *   when the network fails. Every other API answer passes through untouched — marks lists, people, journals are
 *   never written to the device.
 * The copies are personal data on what may be a shared phone: the page deletes them on sign-out and sign-in
 * (web/src/lib/offline.ts), and this worker deletes them itself whenever the server says the session is gone (401).
 *
 * Web push (issue 7 §2): the server sends { title, body, url, tag } encrypted for this browser (the same sentence
 * the bell shows); `push` shows it, `notificationclick` focuses an open Dapter tab (and takes it to the url) or
 * opens a new one. Only same-origin paths are opened.
 */
const SHELL = 'dapter-shell-v1';
const DATA = 'dapter-data-v1';
const SHELL_KEY = '/index.html';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL, DATA]);
      for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'clear-data') event.waitUntil(caches.delete(DATA));
});

/** The API answers kept for offline: the person, their diary students, a week of a diary. */
function offlineApi(url) {
  const p = url.pathname;
  if (p === '/api/v1/me' || p === '/api/v1/diary/students') return 'exact';
  if (/^\/api\/v1\/diary\/\d+\/week$/.test(p)) return 'week';
  return null;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  const kind = offlineApi(url);
  if (kind) event.respondWith(apiNetworkFirst(request, url, kind));
  // Anything else (other API routes included): the browser's own fetch, nothing stored.
});

async function shell(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') || '';
    if (response.ok && type.includes('text/html')) await cache.put(SHELL_KEY, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL_KEY);
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function apiNetworkFirst(request, url, kind) {
  const cache = await caches.open(DATA);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    // Offline: the exact answer, else (a week) the last loaded week of that child.
    const cached =
      (await cache.match(request)) || (kind === 'week' ? await cache.match(request, { ignoreSearch: true }) : null);
    if (cached) return cached;
    throw error;
  }
  if (response.status === 401) {
    // Signed out (or the session expired): nothing of the old session stays on the device.
    await caches.delete(DATA);
  } else if (response.ok) {
    if (kind === 'week') {
      // One week per child: the last loaded one replaces the previous.
      for (const old of await cache.keys()) {
        const u = new URL(old.url);
        if (u.pathname === url.pathname) await cache.delete(old);
      }
    }
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === 'string' && message.title ? message.title : 'Dapter';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : '',
      tag: typeof message.tag === 'string' ? message.tag : undefined,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      data: { url: typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data?.url || '/';
  const target = new URL(path, self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((c) => new URL(c.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        if ('navigate' in open) await open.navigate(target.href).catch(() => undefined);
        return;
      }
      await self.clients.openWindow(target.href);
    })(),
  );
});
