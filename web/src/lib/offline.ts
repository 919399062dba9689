/**
 * The service worker (web/public/sw.js): the diary's last loaded week offline and an installable app (issue 7 §3).
 * Registered in production builds only — in development Vite serves modules the worker should not keep.
 */
const DATA_CACHE = 'dapter-data-v1';

export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No worker (a private window, a policy): the app works online as before.
    });
  });
}

/**
 * Deletes the offline copies of the diary (the person, their children, the last weeks): personal data that must
 * not outlive the session on a shared phone. Called on sign-out and sign-in; the worker also drops them on a 401.
 */
export async function clearOfflineData() {
  try {
    if ('caches' in window) await caches.delete(DATA_CACHE);
    navigator.serviceWorker?.controller?.postMessage({ type: 'clear-data' });
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}
