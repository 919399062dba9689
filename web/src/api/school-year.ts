import type {
  CalendarTemplate,
  DayOffInput,
  PeriodInput,
  SchoolYear,
  SchoolYearCreate,
  SchoolYearList,
  SchoolYearUpdate,
  ShiftBells,
} from '@common/schemas/school-year.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, put } from './client.js';

export type { CalendarTemplate, DayOffInput, PeriodInput, SchoolYear, SchoolYearList, ShiftBells };

export const SCHOOL_YEARS_KEY = ['school-years'] as const;

/** The national calendars a year can be created from (reference data: rarely changes). */
export function useCalendarTemplates(enabled = true) {
  return useQuery({
    queryKey: ['calendar-templates'],
    queryFn: () => get<{ items: CalendarTemplate[] }>('/calendar-templates'),
    staleTime: 60 * 60_000,
    enabled,
  });
}

/** The context school's years, newest first, and which one screens open on. */
export function useSchoolYears() {
  return useQuery({ queryKey: [...SCHOOL_YEARS_KEY, 'list'], queryFn: () => get<SchoolYearList>('/school-years') });
}

export function useSchoolYear(id: number | null) {
  return useQuery({
    queryKey: [...SCHOOL_YEARS_KEY, 'one', id],
    queryFn: () => get<SchoolYear>(`/school-years/${id}`),
    enabled: id !== null,
  });
}

/** Every write answers the whole year: put it in the cache and refresh the list (names, status). */
function useYearWrite<I>(call: (input: I) => Promise<SchoolYear>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (year) => {
      client.setQueryData([...SCHOOL_YEARS_KEY, 'one', year.id], year);
      return client.invalidateQueries({ queryKey: [...SCHOOL_YEARS_KEY, 'list'] });
    },
  });
}

export const useCreateSchoolYear = () =>
  useYearWrite((input: SchoolYearCreate) => post<SchoolYear>('/school-years', input));

export const useUpdateSchoolYear = (id: number) =>
  useYearWrite((input: SchoolYearUpdate) => patch<SchoolYear>(`/school-years/${id}`, input));

export const useReplacePeriods = (id: number) =>
  useYearWrite((periods: PeriodInput[]) => put<SchoolYear>(`/school-years/${id}/periods`, { periods }));

export const useReplaceDaysOff = (id: number) =>
  useYearWrite((daysOff: DayOffInput[]) => put<SchoolYear>(`/school-years/${id}/days-off`, { daysOff }));

export const useReplaceBells = (id: number) =>
  useYearWrite((shifts: ShiftBells[]) => put<SchoolYear>(`/school-years/${id}/bells`, { shifts }));

export function useCloseSchoolYear(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<{ year: SchoolYear; endedEnrollments: number }>(`/school-years/${id}/close`),
    onSuccess: (result) => {
      client.setQueryData([...SCHOOL_YEARS_KEY, 'one', id], result.year);
      // Classes and enrolments of the year changed too.
      return client.invalidateQueries();
    },
  });
}
