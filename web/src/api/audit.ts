import type { AuditEventView, AuditPage } from '@common/schemas/audit.js';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { get } from './client.js';

export type { AuditEventView };

export interface AuditFilters {
  /** Prefix of the action code ("person." matches person.created and person.updated). */
  action?: string;
  from?: string;
  to?: string;
  institutionId?: number;
}

const PAGE_SIZE = 50;

/** The audit log, newest first, one keyset page at a time ("Load more" fetches the next). */
export function useAuditLog(filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => get<AuditPage>('/audit', { ...filters, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // An audit log is read to investigate: show what is there now, not a cached minute-old copy.
    staleTime: 0,
    enabled,
  });
}
