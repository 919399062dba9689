import type { Correction, CorrectionStatus } from '@common/schemas/registration.js';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { queryClient } from '../lib/queryClient.js';
import { get, post } from './client.js';
import { PERSONS_KEY } from './persons.js';

export type { Correction, CorrectionStatus };

const CORRECTIONS_KEY = ['corrections'] as const;

/** The context institution's requests (its administrators). */
export function useCorrections(status: CorrectionStatus | undefined, limit = 50) {
  return useQuery({
    queryKey: [...CORRECTIONS_KEY, status ?? 'all', limit],
    queryFn: () => get<{ items: Correction[]; total: number }>('/corrections', { status, limit }),
    placeholderData: keepPreviousData,
  });
}

/** Applying changes a person's data: their pages and lists are refreshed too. */
const refresh = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: CORRECTIONS_KEY }),
    queryClient.invalidateQueries({ queryKey: PERSONS_KEY }),
  ]);

export function useResolveCorrection() {
  return useMutation({
    mutationFn: ({ id, answer }: { id: number; answer?: string }) =>
      post<Correction>(`/corrections/${id}/resolve`, answer ? { answer } : {}),
    onSuccess: refresh,
  });
}

export function useRejectCorrection() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: ({ id, answer }: { id: number; answer: string }) =>
      post<Correction>(`/corrections/${id}/reject`, { answer }),
    onSuccess: refresh,
  });
}
