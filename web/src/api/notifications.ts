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
import { del, get, post, put } from './client.js';

export type { Contact, KindSetting, Notification, NotificationList, NotificationSettings };

const KEY = ['notifications'] as const;
/** The bell polls this often; a mark saved by the teacher shows within it (and at once when the tab regains focus). */
export const UNREAD_POLL_MS = 15_000;

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

export function useSaveNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (update: NotificationSettingsUpdate) => put<NotificationSettings>('/me/notification-settings', update),
    onSuccess: (settings) => qc.setQueryData(SETTINGS_KEY, settings),
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
