import type {
  AssessmentModeInput,
  AssessmentModes,
  CatalogueEntry,
  Curriculum,
  CurriculumUpdate,
  Subject,
  SubjectCreate,
  SubjectUpdate,
} from '@common/schemas/subjects.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CLASSES_KEY } from './classes.js';
import { get, patch, post, put } from './client.js';

export type { AssessmentModeInput, AssessmentModes, CatalogueEntry, Curriculum, Subject };

const SUBJECTS_KEY = ['subjects'] as const;

/** The national catalogue: reference data that changes only with a new release. */
export function useSubjectCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['subject-catalogue'],
    queryFn: () => get<{ items: CatalogueEntry[] }>('/subject-catalogue'),
    staleTime: 60 * 60_000,
    enabled,
  });
}

export function useSubjects(includeArchived = false, enabled = true) {
  return useQuery({
    queryKey: [...SUBJECTS_KEY, 'list', includeArchived],
    // The flag goes out only when true: the server reads any non-empty text as true.
    queryFn: () => get<{ items: Subject[] }>('/subjects', { includeArchived: includeArchived || undefined }),
    enabled,
  });
}

export function useCurriculum(yearId: number | null) {
  return useQuery({
    queryKey: [...SUBJECTS_KEY, 'curriculum', yearId],
    queryFn: () => get<Curriculum>(`/school-years/${yearId}/curriculum`),
    enabled: yearId !== null,
  });
}

export function useAssessmentModes(yearId: number | null) {
  return useQuery({
    queryKey: [...SUBJECTS_KEY, 'modes', yearId],
    queryFn: () => get<AssessmentModes>(`/school-years/${yearId}/assessment-modes`),
    enabled: yearId !== null,
  });
}

/** Subject writes rename things shown on class pages (assignments) too. */
function useSubjectsWrite<I, O>(call: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: SUBJECTS_KEY }),
        client.invalidateQueries({ queryKey: CLASSES_KEY }),
      ]),
  });
}

export const useCreateSubjects = () =>
  useSubjectsWrite((body: SubjectCreate) => post<{ items: Subject[] }>('/subjects', body));
export const useUpdateSubject = () =>
  useSubjectsWrite(({ id, ...body }: SubjectUpdate & { id: number }) => patch<Subject>(`/subjects/${id}`, body));
export const useArchiveSubject = () =>
  useSubjectsWrite(({ id, archived }: { id: number; archived: boolean }) =>
    post<Subject>(`/subjects/${id}/archive`, { archived }),
  );
export const useSaveCurriculum = (yearId: number) =>
  useSubjectsWrite((body: CurriculumUpdate) => put<Curriculum>(`/school-years/${yearId}/curriculum`, body));
export const useSaveAssessmentModes = (yearId: number) =>
  useSubjectsWrite((items: AssessmentModeInput[]) =>
    put<AssessmentModes>(`/school-years/${yearId}/assessment-modes`, { items }),
  );
