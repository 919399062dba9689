import type { Relation } from '@common/enums.js';
import type { Child, Guardianship } from '@common/schemas/guardianships.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from './client.js';
import { PERSONS_KEY } from './persons.js';

export type { Child, Guardianship };

const GUARDIANSHIPS_KEY = ['guardianships'] as const;

/**
 * A link belongs to one school: the child's school, which must be the administrator's context. The server
 * takes the school from the session, so institutionId only guides the UI and is never sent.
 */
export interface GuardianshipInput {
  institutionId: number;
  parentPersonId: number;
  childPersonId: number;
  relation: Relation;
}

/** Links in the context school that involve the person (or all of the school's links when omitted). */
export function useGuardianships(personId?: number) {
  return useQuery({
    queryKey: [...GUARDIANSHIPS_KEY, 'list', personId ?? 'all'],
    queryFn: () => get<{ items: Guardianship[] }>('/guardianships', { personId }),
  });
}

/** A parent's own children (GET /me/children), for the children screen. */
export function useMyChildren(enabled = true) {
  return useQuery({
    queryKey: [...GUARDIANSHIPS_KEY, 'mine'],
    queryFn: () => get<{ items: Child[] }>('/me/children'),
    enabled,
  });
}

/** Links show up on both people's pages and in lists of links: refresh all of them. */
function useLinksInvalidation() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: GUARDIANSHIPS_KEY }),
      client.invalidateQueries({ queryKey: PERSONS_KEY }),
    ]);
}

export function useLinkParent() {
  const invalidate = useLinksInvalidation();
  return useMutation({
    mutationFn: ({ parentPersonId, childPersonId, relation }: GuardianshipInput) =>
      post<Guardianship>('/guardianships', { parentPersonId, childPersonId, relation }),
    onSuccess: invalidate,
  });
}

export function useUnlinkParent() {
  const invalidate = useLinksInvalidation();
  return useMutation({
    mutationFn: ({ parentPersonId, childPersonId }: Omit<GuardianshipInput, 'relation'>) =>
      del<{ ok: true }>(`/guardianships/${parentPersonId}/${childPersonId}`),
    onSuccess: invalidate,
  });
}
