import type { DeletionRequest, DeletionResult, PersonDelete } from '@common/schemas/deletion.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { post } from './client.js';
import { PERSONS_KEY } from './persons.js';

export type { DeletionResult };

/** POST /persons/:id/delete — an administrator deletes a profile (it disappears from every list at once). */
export function useDeletePerson(personId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonDelete) => post<DeletionResult>(`/persons/${personId}/delete`, body),
    // Stale, not refetched now: the page on screen would refetch the person it shows and flash "not found"
    // before the caller moves on; the lists refetch when they are shown.
    onSuccess: () => client.invalidateQueries({ queryKey: PERSONS_KEY, refetchType: 'none' }),
  });
}

/**
 * POST /me/deletion-request — the signed-in person deletes their own profile. The session ends with it, so on
 * success everything cached is dropped and `me` becomes null (the app shows sign-in).
 */
export function useDeleteMyProfile(onDeleted: (result: DeletionResult) => void) {
  return useMutation({
    meta: { quiet: true }, // the form shows a wrong password inline
    mutationFn: (body: DeletionRequest) => post<DeletionResult>('/me/deletion-request', body),
    // Here, not in mutate(): the page unmounts as soon as `me` is gone, and mutate's callbacks would not run.
    onSuccess: (result) => {
      onDeleted(result);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}
