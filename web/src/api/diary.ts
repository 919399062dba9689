import type {
  DiaryDistribution,
  DiaryHomework,
  DiaryLesson,
  DiaryStudent,
  DiarySubject,
  DiarySubjects,
  DiaryWeek,
  DiaryWork,
  DistributionSetting,
} from '@common/schemas/diary.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { typed } from './client.js';

export type {
  DiaryDistribution,
  DiaryHomework,
  DiaryLesson,
  DiaryStudent,
  DiarySubject,
  DiarySubjects,
  DiaryWeek,
  DiaryWork,
};

const KEY = ['diary'] as const;

/** Whose diary the user may read: themself (a student) or their linked children (a parent). */
export function useDiaryStudents() {
  return useQuery({
    queryKey: [...KEY, 'students'],
    queryFn: async (): Promise<DiaryStudent[]> => (await typed('GET', '/diary/students')).items,
  });
}

/** One week (Monday–Sunday) of a student's diary: a single request. */
export function useDiaryWeek(studentId: number | null, date: string) {
  return useQuery({
    queryKey: [...KEY, studentId, 'week', date],
    // Typed by the OpenAPI document; the annotation checks it still gives the DiaryWeek the pages use.
    queryFn: (): Promise<DiaryWeek> =>
      typed('GET', '/diary/{studentId}/week', { path: { studentId: studentId! }, query: { date } }),
    enabled: studentId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useDiarySubjects(studentId: number | null, periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, studentId, 'subjects', periodId],
    queryFn: (): Promise<DiarySubjects> =>
      typed('GET', '/diary/{studentId}/subjects', {
        path: { studentId: studentId! },
        query: periodId === null ? {} : { periodId },
      }),
    enabled: studentId !== null,
    placeholderData: keepPreviousData,
  });
}

export type HomeworkFilter = 'due' | 'overdue' | 'done';
export function useDiaryHomework(studentId: number | null, status: HomeworkFilter) {
  return useQuery({
    queryKey: [...KEY, studentId, 'homework', status],
    queryFn: async (): Promise<DiaryHomework[]> =>
      (await typed('GET', '/diary/{studentId}/homework', { path: { studentId: studentId! }, query: { status } })).items,
    enabled: studentId !== null,
  });
}

/** The student ticks (or unticks) a homework; the week and the lists show the tick after. */
export function useSetHomeworkDone(studentId: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ homeworkId, done }: { homeworkId: number; done: boolean }) =>
      typed('PUT', '/diary/{studentId}/homework/{homeworkId}/done', {
        path: { studentId: studentId!, homeworkId },
        body: { done },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, studentId] }),
  });
}

/** The anonymised class distribution of a work (counts per grade band), fetched when the user opens it. */
export function useWorkDistribution(studentId: number, workId: number | null) {
  return useQuery({
    queryKey: [...KEY, studentId, 'distribution', workId],
    queryFn: (): Promise<DiaryDistribution> =>
      typed('GET', '/diary/{studentId}/works/{workId}/distribution', { path: { studentId, workId: workId! } }),
    enabled: workId !== null,
  });
}

const settingKey = (institutionId: number) => ['diary-setting', institutionId] as const;

/** The school's switch for the class distribution (shown to those who may change it). */
export const useDistributionSetting = (institutionId: number) =>
  useQuery({
    queryKey: settingKey(institutionId),
    queryFn: (): Promise<DistributionSetting> =>
      typed('GET', '/institutions/{id}/diary-setting', { path: { id: institutionId } }),
  });

export function useSetDistributionSetting(institutionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (classDistribution: boolean) =>
      typed('PUT', '/institutions/{id}/diary-setting', { path: { id: institutionId }, body: { classDistribution } }),
    onSuccess: (setting) => {
      qc.setQueryData(settingKey(institutionId), setting);
      void qc.invalidateQueries({ queryKey: [...KEY] });
    },
  });
}
