import type {
  Assignment,
  AssignmentCreate,
  ClassCreateInput,
  ClassDetail,
  ClassHistoryEntry,
  ClassList,
  ClassUpdate,
  EnrollBody,
  EnrollResult,
  LeaveBody,
  SubgroupCreateInput,
  SubgroupUpdate,
} from '@common/schemas/classes.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client.js';
import { PERSONS_KEY } from './persons.js';

export type { Assignment, ClassDetail, ClassHistoryEntry, ClassList, EnrollResult };

/** Every class query starts with this: one invalidation refreshes lists, class pages and assignments. */
export const CLASSES_KEY = ['classes'] as const;

/** The context school's classes of a year (the current one when yearId is null). */
export function useClasses(yearId: number | null, enabled = true) {
  return useQuery({
    queryKey: [...CLASSES_KEY, 'list', yearId],
    queryFn: () => get<ClassList>('/classes', { yearId: yearId ?? undefined }),
    enabled,
  });
}

export function useClass(id: number | null) {
  return useQuery({
    queryKey: [...CLASSES_KEY, 'one', id],
    queryFn: () => get<ClassDetail>(`/classes/${id}`),
    enabled: id !== null,
  });
}

export function useClassHistory(personId: number | null) {
  return useQuery({
    queryKey: [...CLASSES_KEY, 'history', personId],
    queryFn: () => get<{ items: ClassHistoryEntry[] }>(`/persons/${personId}/class-history`),
    enabled: personId !== null,
  });
}

export function useTeachingAssignments(query: { yearId?: number; classId?: number; teacherPersonId?: number }) {
  return useQuery({
    queryKey: [...CLASSES_KEY, 'assignments', query],
    queryFn: () => get<{ yearId: number | null; items: Assignment[] }>('/teaching-assignments', query),
  });
}

/** Any class write: refresh every class query (counts, rosters, assignments) and people (their classes). */
function useClassesWrite<I, O>(call: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: CLASSES_KEY }),
        client.invalidateQueries({ queryKey: PERSONS_KEY }),
      ]),
  });
}

export const useCreateClass = () => useClassesWrite((body: ClassCreateInput) => post<ClassDetail>('/classes', body));
export const useUpdateClass = (id: number) =>
  useClassesWrite((body: ClassUpdate) => patch<ClassDetail>(`/classes/${id}`, body));
export const useEnroll = () =>
  useClassesWrite(({ classId, ...body }: EnrollBody & { classId: number }) =>
    post<EnrollResult>(`/classes/${classId}/students`, body),
  );
export const useLeaveClass = (classId: number) =>
  useClassesWrite(({ personId, ...body }: LeaveBody & { personId: number }) =>
    post<{ ok: true }>(`/classes/${classId}/students/${personId}/leave`, body),
  );
export const useCreateSubgroup = (classId: number) =>
  useClassesWrite((body: SubgroupCreateInput) => post<ClassDetail>(`/classes/${classId}/subgroups`, body));
export const useUpdateSubgroup = () =>
  useClassesWrite(({ id, ...body }: SubgroupUpdate & { id: number }) => patch<ClassDetail>(`/subgroups/${id}`, body));
export const useDeleteSubgroup = () => useClassesWrite((id: number) => del<{ ok: true }>(`/subgroups/${id}`));
export const useCreateAssignment = () =>
  useClassesWrite((body: AssignmentCreate) => post<Assignment>('/teaching-assignments', body));
export const useDeleteAssignment = () =>
  useClassesWrite((id: number) => del<{ ok: true }>(`/teaching-assignments/${id}`));
