import type {
  EmailChange,
  EmailStatus,
  OutboxMessage,
  PasswordChange,
  PasswordPolicy,
  RecoverySetting,
} from '@common/schemas/passwords.js';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { get, post, put } from './client.js';

/** The password rules (public): the forms show them before anyone types. */
export const usePasswordPolicy = () =>
  useQuery({
    queryKey: ['password-policy'],
    queryFn: () => get<PasswordPolicy>('/password-policy'),
    staleTime: 10 * 60_000,
  });

/** Changes my password; a pending "change password" step is cleared, so `me` is loaded again. */
export function useChangePassword() {
  return useMutation({
    meta: { quiet: true }, // the form shows the message next to the fields
    mutationFn: (body: PasswordChange) => post<{ ok: true }>('/me/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
}

// Not under ['me', …]: sign-in and context switches drop every query except `me` itself, and this one must go too.
const EMAIL_KEY = ['my-email'] as const;

export const useEmailStatus = () => useQuery({ queryKey: EMAIL_KEY, queryFn: () => get<EmailStatus>('/me/email') });

export function useRequestEmailConfirmation() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: EmailChange) => post<EmailStatus>('/me/email', body),
    onSuccess: (status) => {
      queryClient.setQueryData(EMAIL_KEY, status);
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
    },
  });
}

export function useConfirmEmail() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (token: string) => post<{ ok: true }>('/auth/confirm-email', { token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: EMAIL_KEY }),
  });
}

export function useRequestRecovery() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (login: string) => post<{ ok: true }>('/auth/recovery', { login }),
  });
}

export function useCompleteRecovery() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: { token: string; newPassword: string }) => post<{ ok: true }>('/auth/recovery/complete', body),
  });
}

const settingKey = (institutionId: number) => ['recovery-setting', institutionId] as const;

export const useRecoverySetting = (institutionId: number) =>
  useQuery({
    queryKey: settingKey(institutionId),
    queryFn: () => get<RecoverySetting>(`/institutions/${institutionId}/recovery-setting`),
  });

export function useSetRecoverySetting(institutionId: number) {
  return useMutation({
    mutationFn: (selfServiceRecovery: boolean) =>
      put<RecoverySetting>(`/institutions/${institutionId}/recovery-setting`, { selfServiceRecovery }),
    onSuccess: (setting) => {
      queryClient.setQueryData(settingKey(institutionId), setting);
      // Institutions beneath it may now be off as well.
      void queryClient.invalidateQueries({ queryKey: ['recovery-setting'] });
    },
  });
}

export const useOutbox = () =>
  useQuery({
    queryKey: ['outbox'],
    queryFn: () => get<{ items: OutboxMessage[] }>('/dev/outbox', { limit: 50 }),
  });
