import type { AgreementDraft, AgreementVersion } from '@common/schemas/agreements.js';
import { useMutation, useQuery } from '@tanstack/react-query';
import { isStatus } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { get, post } from './client.js';

export type { AgreementDraft, AgreementVersion };

const AGREEMENTS_KEY = ['agreements'] as const;

/** The version in force (public), or null before the first publication. */
export const useCurrentAgreement = () =>
  useQuery({
    queryKey: [...AGREEMENTS_KEY, 'current'],
    queryFn: async () => {
      try {
        return await get<AgreementVersion>('/agreements/current');
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },
  });

/** Every version, drafts first (Ministry administrators). */
export const useAgreementVersions = (enabled = true) =>
  useQuery({
    queryKey: [...AGREEMENTS_KEY, 'all'],
    queryFn: () => get<{ items: AgreementVersion[] }>('/agreements'),
    enabled,
  });

const refresh = () => queryClient.invalidateQueries({ queryKey: AGREEMENTS_KEY });

export function useCreateAgreementDraft() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: AgreementDraft) => post<AgreementVersion>('/agreements', body),
    onSuccess: refresh,
  });
}

/** Publishing also makes the publisher accept it at their next request: `me` is loaded again. */
export function usePublishAgreement() {
  return useMutation({
    mutationFn: (id: number) => post<AgreementVersion>(`/agreements/${id}/publish`),
    onSuccess: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ME_KEY })]),
  });
}

export function useAcceptAgreement() {
  return useMutation({
    mutationFn: (id: number) => post<{ ok: true }>(`/agreements/${id}/accept`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
}

/** A plain link: the browser downloads the CSV with the session cookie (a GET needs no CSRF header). */
export const ACCEPTANCES_CSV_URL = '/api/v1/agreements/acceptances?format=csv';
