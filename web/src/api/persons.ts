import type {
  Membership,
  MembershipInput,
  PersonCreate,
  PersonDetail,
  zCredentials,
  zMembershipEnd,
  zPersonCreated,
  zPersonList,
  zPersonListQuery,
} from '@common/schemas/persons.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { get, post } from './client.js';

export type PersonList = z.infer<typeof zPersonList>;
export type PersonListQuery = Partial<z.output<typeof zPersonListQuery>>;
export type PersonCreated = z.infer<typeof zPersonCreated>;
export type Credentials = z.infer<typeof zCredentials>;
export type MembershipEnd = z.infer<typeof zMembershipEnd>;
export type { Membership, MembershipInput, PersonCreate, PersonDetail };

/** Every cached person query starts with this, so one invalidation refreshes lists and detail pages. */
export const PERSONS_KEY = ['persons'] as const;

/**
 * GET /persons. `includeEnded` goes out only when true: the server coerces any non-empty text
 * (even "false") to true.
 */
export function usePersons(query: PersonListQuery, enabled = true) {
  const params = { ...query, includeEnded: query.includeEnded ? true : undefined };
  return useQuery({
    queryKey: [...PERSONS_KEY, 'list', params],
    queryFn: () => get<PersonList>('/persons', params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerson(id: number | null) {
  return useQuery({
    queryKey: [...PERSONS_KEY, 'detail', id],
    queryFn: () => get<PersonDetail>(`/persons/${id}`),
    enabled: id !== null,
  });
}

/** A write that changes people: refresh every person query (lists show profiles, pages show relatives). */
function usePersonsInvalidation() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: PERSONS_KEY });
}

export function useCreatePerson() {
  const invalidate = usePersonsInvalidation();
  return useMutation({
    mutationFn: (body: PersonCreate) => post<PersonCreated>('/persons', body),
    onSuccess: invalidate,
  });
}

export function useAddMembership(personId: number) {
  const invalidate = usePersonsInvalidation();
  return useMutation({
    mutationFn: (body: MembershipInput) => post<PersonDetail>(`/persons/${personId}/memberships`, body),
    onSuccess: invalidate,
  });
}

export function useEndMembership() {
  const invalidate = usePersonsInvalidation();
  return useMutation({
    mutationFn: ({ membershipId, ...body }: MembershipEnd & { membershipId: number }) =>
      post<PersonDetail>(`/memberships/${membershipId}/end`, body),
    onSuccess: invalidate,
  });
}

export function useResetPassword(personId: number) {
  return useMutation({
    mutationFn: () => post<{ credentials: Credentials }>(`/persons/${personId}/reset-password`),
  });
}
