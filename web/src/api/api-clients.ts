import type {
  ApiClient,
  ApiClientInput,
  ApiClientPatch,
  MyApiApp,
  SchoolApiClient,
} from '@common/schemas/api-clients.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, put } from './client.js';

export type { ApiClient, MyApiApp, SchoolApiClient } from '@common/schemas/api-clients.js';
export interface ApiClientWithSecret {
  client: ApiClient;
  clientSecret: string;
}

const CLIENTS_KEY = ['api-clients'] as const;
const SCHOOL_KEY = ['school-api-clients'] as const;
const MY_APPS_KEY = ['my-api-apps'] as const;

/** The registry (Ministry / regional administrators). */
export function useApiClients() {
  return useQuery({ queryKey: CLIENTS_KEY, queryFn: () => get<{ items: ApiClient[] }>('/api-clients') });
}

export function useCreateApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ApiClientInput> & { name: string }) => post<ApiClientWithSecret>('/api-clients', input),
    onSettled: () => client.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

export function useUpdateApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ApiClientPatch & { id: number }) => patch<ApiClient>(`/api-clients/${id}`, body),
    onSettled: () => client.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

export function useRotateApiClientSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => post<ApiClientWithSecret>(`/api-clients/${id}/rotate-secret`),
    onSettled: () => client.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

/** The apps the current school may enable (its administrators). */
export function useSchoolApiClients() {
  return useQuery({ queryKey: SCHOOL_KEY, queryFn: () => get<{ items: SchoolApiClient[] }>('/school/api-clients') });
}

export function useToggleSchoolApiClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      put<SchoolApiClient>(`/school/api-clients/${id}`, { enabled }),
    onSettled: () => client.invalidateQueries({ queryKey: SCHOOL_KEY }),
  });
}

/** "Apps with access": apps holding tokens for me. */
export function useMyApiApps() {
  return useQuery({ queryKey: MY_APPS_KEY, queryFn: () => get<{ items: MyApiApp[] }>('/me/api-apps') });
}

export function useRevokeMyApiApp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<{ revoked: number }>(`/me/api-apps/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: MY_APPS_KEY }),
  });
}
