import { del, get, post } from '../api/client.js';

/**
 * Web push on this device (issue 7 §2): the browser's PushManager subscription, registered with the server so the
 * delivery job can send to it (server/modules/notifications/push.ts). Needs the service worker (production builds,
 * lib/offline.ts), which shows the push and opens its link (web/public/sw.js).
 */
export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
  );
}

/** The worker's registration, or null (none registered: development, a private window, a policy). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return reg ?? null;
}

export async function currentPushSubscription(): Promise<PushSubscription | null> {
  const reg = await registration();
  return reg ? reg.pushManager.getSubscription() : null;
}

/** Whether push can be offered here at all: supported, a worker registered, and not blocked by the user. */
export async function pushAvailable(): Promise<boolean> {
  return (await registration()) !== null && Notification.permission !== 'denied';
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export class PushDenied extends Error {}

/** Asks for permission, subscribes the browser with the server's VAPID key and registers it with the server. */
export async function enablePush(): Promise<void> {
  const reg = await registration();
  if (!reg) throw new PushDenied('unavailable');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushDenied(permission);
  const { publicKey } = await get<{ publicKey: string }>('/push/public-key');
  let sub = await reg.pushManager.getSubscription();
  if (!sub) {
    sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  }
  await post('/me/push-subscriptions', sub.toJSON());
}

/** Stops push here: the server forgets the device, then the browser drops the subscription. */
export async function disablePush(): Promise<void> {
  const sub = await currentPushSubscription();
  if (!sub) return;
  try {
    await del(`/me/push-subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`);
  } finally {
    await sub.unsubscribe();
  }
}

/**
 * On sign-out and sign-in: this device must not keep receiving the previous person's notifications (a shared
 * phone). Best effort; the push service's 410 for the dropped subscription lets the server forget it too.
 */
export async function forgetPushOnThisDevice(withServer: boolean): Promise<void> {
  try {
    if (withServer) await disablePush();
    else await (await currentPushSubscription())?.unsubscribe();
  } catch {
    // Nothing subscribed, or no worker: nothing to forget.
  }
}
