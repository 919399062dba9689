import type {
  Contact,
  ContactCreate,
  KindSetting,
  Notification,
  NotificationList,
  NotificationSettings,
  NotificationSettingsUpdate,
} from '@common/schemas/notifications.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { del, get, post, put } from './client.js';

export type { Contact, KindSetting, Notification, NotificationList, NotificationSettings };

const KEY = ['notifications'] as const;
/**
 * The bell polls this often as a fallback; what makes a new mark show within the second is the event stream
 * (useNotificationStream), which makes the bell and the diary refetch as soon as the server has stored it.
 */
export const UNREAD_POLL_MS = 60_000;

/**
 * GET /api/v1/notifications/stream (server-sent events): on `notification`, the bell's count and list and the
 * diary refetch. EventSource reconnects by itself after a network drop or a server restart (and refetches then,
 * as something may have been missed); a 401 (signed out) ends it for good. Closed when the component unmounts.
 */
export function useNotificationStream(enabled = true) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/notifications/stream');
    let opened = false;
    const refresh = () => {
      void qc.invalidateQueries({ queryKey: [...KEY, 'unread'] });
      void qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: ['diary'] });
    };
    source.addEventListener('notification', refresh);
    source.addEventListener('ready', () => {
      // A reconnect: whatever happened while the stream was down is fetched now.
      if (opened) refresh();
      opened = true;
    });
    return () => source.close();
  }, [enabled, qc]);
}

/** The number on the bell: polled, refetched when the window regains focus, quiet when offline. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'unread'],
    queryFn: async () => (await get<{ unreadCount: number }>('/notifications/unread-count')).unreadCount,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 5_000,
    retry: false,
    enabled,
  });
}

/** The bell's list (the newest first), loaded when it is opened. */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'list'],
    queryFn: () => get<NotificationList>('/notifications', { limit: 20 }),
    enabled,
    refetchInterval: enabled ? UNREAD_POLL_MS : false,
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => put<{ ok: true }>(`/notifications/${id}/read`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => put<{ updated: number }>('/notifications/read-all', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

// ── Settings and contacts ───────────────────────────────────────────────────────────────────────────────────
const SETTINGS_KEY = [...KEY, 'settings'] as const;
const CONTACTS_KEY = ['contacts'] as const;

export const useNotificationSettings = () =>
  useQuery({ queryKey: SETTINGS_KEY, queryFn: () => get<NotificationSettings>('/me/notification-settings') });

/** The settings with an update applied, as the server will store it (the switches show it at once). */
function applyUpdate(s: NotificationSettings, u: NotificationSettingsUpdate): NotificationSettings {
  const kinds = new Map((u.kinds ?? []).map((k) => [k.kind, k]));
  return {
    ...s,
    kinds: s.kinds.map((k) => {
      const c = kinds.get(k.kind);
      return c ? { ...k, ...c, push: c.push ?? k.push } : k;
    }),
    quietHours: u.quietHours === undefined ? s.quietHours : u.quietHours,
  };
}

/**
 * Saves settings optimistically and one after another: the switch shows the new value at once; a refetch in
 * flight is cancelled (its older answer would flip the switch back — the race the browser test once hit); saves
 * from every card share one queue (mutation scope), and only the answer to the last one replaces the cache, so
 * an earlier save's answer cannot undo a later switch either. A failed save puts the server's state back.
 */
export function useSaveNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: SETTINGS_KEY,
    scope: { id: 'notification-settings' },
    mutationFn: (update: NotificationSettingsUpdate) => put<NotificationSettings>('/me/notification-settings', update),
    onMutate: async (update) => {
      await qc.cancelQueries({ queryKey: SETTINGS_KEY });
      const current = qc.getQueryData<NotificationSettings>(SETTINGS_KEY);
      if (current) qc.setQueryData(SETTINGS_KEY, applyUpdate(current, update));
    },
    onSuccess: (settings) => {
      if (qc.isMutating({ mutationKey: SETTINGS_KEY }) <= 1) qc.setQueryData(SETTINGS_KEY, settings);
    },
    onError: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}

/** Push on this device: the server's part (subscribe/unsubscribe) is in lib/push.ts; this refreshes the count. */
export function usePushToggle(run: (on: boolean) => Promise<void>) {
  const qc = useQueryClient();
  return useMutation({
    meta: { quiet: true }, // the card shows the outcome inline
    mutationFn: run,
    onSettled: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}

export const useContacts = () =>
  useQuery({
    queryKey: CONTACTS_KEY,
    queryFn: async () => (await get<{ items: Contact[] }>('/me/contacts')).items,
  });

export function useAddContact() {
  const qc = useQueryClient();
  return useMutation({
    meta: { quiet: true }, // the form shows the message inline
    mutationFn: (body: ContactCreate) => post<Contact>('/me/contacts', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      void qc.invalidateQueries({ queryKey: SETTINGS_KEY });
    },
  });
}

export function useRemoveContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<{ ok: true }>(`/me/contacts/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
      void qc.invalidateQueries({ queryKey: SETTINGS_KEY });
    },
  });
}

/** The link in the confirmation e-mail (`/contacts/confirm#token=…`): no session needed. */
export function useConfirmContact() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (token: string) => post<{ ok: true; kind: 'email' | 'phone' }>('/contacts/confirm', { token }),
  });
}
