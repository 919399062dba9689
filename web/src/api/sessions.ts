import type { MySessions, SessionsEnded } from '@common/schemas/sessions.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { typed } from './client.js';

export type { MySession, MySessions } from '@common/schemas/sessions.js';

export const SESSIONS_KEY = ['sessions'] as const;

/** My live sessions; refreshed on focus, since another device may have signed in meanwhile. */
export function useMySessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: (): Promise<MySessions> => typed('GET', '/me/sessions'),
    staleTime: 10_000,
    refetchOnWindowFocus: true,
  });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: number) => typed('DELETE', '/me/sessions/{id}', { path: { id: sessionId } }),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<SessionsEnded> => typed('POST', '/me/sessions/end-others'),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

/**
 * "My account is compromised": the server ends this session too. Everything cached belonged to it, so it is
 * dropped and the app knows nobody is signed in (the caller then goes to sign-in).
 */
export function useReportCompromise() {
  return useMutation({
    mutationFn: () => typed('POST', '/me/compromised'),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}

/** An administrator ends every session of a person. */
export function useEndPersonSessions(personId: number) {
  return useMutation({
    mutationFn: (): Promise<SessionsEnded> => typed('POST', '/persons/{id}/sessions/end', { path: { id: personId } }),
  });
}
