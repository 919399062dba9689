import { useQuery } from '@tanstack/react-query';
import { institutionQuery, useInstitutions } from '../../api/institutions.js';

/**
 * The institution reads the people screens need — a name for a filter chip, the kind that decides which
 * profiles a membership may have, a school search — through the institution screens' own queries, so the
 * cache is shared and their invalidations refresh these too.
 */
export function useInstitutionDetail(id: number | null) {
  return useQuery({ ...institutionQuery(id ?? 0), enabled: id !== null, staleTime: 5 * 60_000 });
}

/** Schools of the caller's scope whose name or code matches; nothing is asked until two letters are typed. */
export function useSchoolSearch(q: string, enabled: boolean) {
  const term = q.trim();
  return useInstitutions({ q: term, kind: 'school', limit: 50 }, { enabled: enabled && term.length >= 2 });
}
