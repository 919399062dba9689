import type { ClassDay, ClassView, ClassViewClassList } from '@common/schemas/class-view.js';
import { useQuery } from '@tanstack/react-query';
import { get } from './client.js';

export type { ClassDay, ClassView, ClassViewClassList };

const KEY = ['class-view'] as const;

/** Every class-view path in one place (the server module is server/modules/class-view). */
export const classViewPaths = {
  classes: '/class-view/classes',
  overview: (c: number) => `/class-view/${c}`,
  day: (c: number) => `/class-view/${c}/day`,
};

/** The classes the signed-in person may open (a class teacher's own; every class for an administrator). */
export function useClassViewClasses(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'classes'],
    queryFn: () => get<ClassViewClassList>(classViewPaths.classes),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** One class across subjects for a period (null: the current one). */
export function useClassView(classId: number, periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'overview', classId, periodId],
    queryFn: () => get<ClassView>(classViewPaths.overview(classId), { periodId: periodId ?? undefined }),
  });
}

/** One day's lessons × pupils with attendance and the full-day absences. */
export function useClassDay(classId: number, date: string) {
  return useQuery({
    queryKey: [...KEY, 'day', classId, date],
    queryFn: () => get<ClassDay>(classViewPaths.day(classId), { date }),
  });
}
