import type { InstitutionKind } from '@common/enums.js';
import type {
  Institution,
  InstitutionDetail,
  zInstitutionClose,
  zInstitutionCreate,
  zInstitutionUpdate,
} from '@common/schemas/institutions.js';
import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { get, patch, post } from './client.js';

/** GET /institutions parameters (zInstitutionListQuery); `includeClosed` is sent only when wanted. */
export interface InstitutionListQuery {
  parentId?: number;
  q?: string;
  kind?: InstitutionKind;
  includeClosed?: true;
  limit?: number;
}
export type InstitutionCreate = z.infer<typeof zInstitutionCreate>;
export type InstitutionUpdate = z.infer<typeof zInstitutionUpdate>;
export type InstitutionClose = z.infer<typeof zInstitutionClose>;

export const institutionKeys = {
  all: ['institutions'] as const,
  list: (query: InstitutionListQuery) => ['institutions', 'list', query] as const,
  detail: (id: number) => ['institutions', 'detail', id] as const,
};

/** Children of `parentId`, the top of the caller's scope (no parentId), or a search across the scope (`q`). */
export const institutionListQuery = (query: InstitutionListQuery) =>
  queryOptions({
    queryKey: institutionKeys.list(query),
    queryFn: () => get<{ items: Institution[] }>('/institutions', { ...query }),
    select: (data) => data.items,
  });

export const useInstitutions = (query: InstitutionListQuery, options: { enabled?: boolean } = {}) =>
  // Keep the previous hits on screen while the next search runs, so typing does not flicker.
  useQuery({ ...institutionListQuery(query), enabled: options.enabled ?? true, placeholderData: keepPreviousData });

export const institutionQuery = (id: number) =>
  queryOptions({
    queryKey: institutionKeys.detail(id),
    queryFn: () => get<InstitutionDetail>(`/institutions/${id}`),
  });

export const useInstitution = (id: number) => useQuery(institutionQuery(id));

/**
 * A change to one node shows in its parent's child list (counts), in breadcrumbs and search hits below it and,
 * for names, in my memberships: refresh every institution query rather than guess which ones are affected.
 */
function refreshAfterChange(updated: InstitutionDetail, alsoMe: boolean) {
  queryClient.setQueryData(institutionKeys.detail(updated.id), updated);
  void queryClient.invalidateQueries({ queryKey: institutionKeys.all });
  if (alsoMe) void queryClient.invalidateQueries({ queryKey: ME_KEY });
}

export const useCreateInstitution = () =>
  useMutation({
    mutationFn: (body: InstitutionCreate) => post<InstitutionDetail>('/institutions', body),
    onSuccess: (created) => refreshAfterChange(created, false),
  });

export const useUpdateInstitution = (id: number) =>
  useMutation({
    mutationFn: (body: InstitutionUpdate) => patch<InstitutionDetail>(`/institutions/${id}`, body),
    onSuccess: (updated) => refreshAfterChange(updated, true),
  });

export const useMoveInstitution = (id: number) =>
  useMutation({
    mutationFn: (parentId: number) => post<InstitutionDetail>(`/institutions/${id}/move`, { parentId }),
    onSuccess: (moved) => refreshAfterChange(moved, false),
  });

export const useCloseInstitution = (id: number) =>
  useMutation({
    mutationFn: (body: InstitutionClose) => post<InstitutionDetail>(`/institutions/${id}/close`, body),
    onSuccess: (closed) => refreshAfterChange(closed, true),
  });
