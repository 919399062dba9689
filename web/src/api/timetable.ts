import type {
  CalendarFeed,
  CalendarFeedCreated,
  Conflict,
  GenerateResult,
  Lesson,
  LessonChange,
  MyTimetable,
  Room,
  RoomCreate,
  RoomUpdate,
  Timetable,
  TimetableChange,
} from '@common/schemas/timetable.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/apiError.js';
import { del, get, patch, post, put } from './client.js';

export type {
  CalendarFeed,
  Conflict,
  GenerateResult,
  Lesson,
  LessonChange,
  MyTimetable,
  Room,
  Timetable,
  TimetableChange,
};

const KEY = ['timetable'] as const;
const ROOMS_KEY = ['rooms'] as const;
const LESSONS_KEY = ['lessons'] as const;

export interface TimetableView {
  classId?: number;
  teacherPersonId?: number;
  roomId?: number;
}

/** A year's weekly timetable as seen from one class, teacher or room (entries, conflicts, palette, names). */
export function useTimetable(yearId: number | null, view: TimetableView) {
  return useQuery({
    queryKey: [...KEY, yearId, view],
    queryFn: () => get<Timetable>(`/school-years/${yearId}/timetable`, { ...view }),
    enabled: yearId !== null,
    placeholderData: (previous) => previous,
  });
}

/** The conflicts a change set would leave (nothing is written): live feedback while editing. */
export function useCheckTimetable(yearId: number | null, changes: TimetableChange[]) {
  return useQuery({
    queryKey: [...KEY, yearId, 'check', changes],
    queryFn: () => post<{ conflicts: Conflict[] }>(`/school-years/${yearId}/timetable/check`, { changes }),
    enabled: yearId !== null && changes.length > 0,
    placeholderData: (previous) => previous,
    retry: false,
  });
}

export interface SaveResult {
  added: number[];
  conflicts: Conflict[];
  regenerated: { created: number; removed: number; kept: number };
}

export function useSaveTimetable(yearId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: TimetableChange[]) => put<SaveResult>(`/school-years/${yearId}/timetable`, { changes }),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: KEY }), client.invalidateQueries({ queryKey: LESSONS_KEY })]),
  });
}

/** A stable React key for a conflict (its kind and what it involves). */
export const conflictKey = (c: Conflict) =>
  `${c.kind}|${c.entryIds.join(',')}|${c.changeIndexes.join(',')}|${c.lessonIds.join(',')}|${c.message}`;

/** The conflicts a refused save or lesson change came back with (409), or none. */
export function conflictsOf(error: unknown): Conflict[] {
  if (!isApiError(error) || error.status !== 409) return [];
  const list = error.body.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}

export function useGenerateLessons(yearId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (periodId: number) =>
      post<GenerateResult>(`/school-years/${yearId}/periods/${periodId}/generate-lessons`),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: KEY }), client.invalidateQueries({ queryKey: LESSONS_KEY })]),
  });
}

// ── Rooms ──
export function useRooms(includeArchived = false) {
  return useQuery({
    queryKey: [...ROOMS_KEY, includeArchived],
    queryFn: () => get<{ items: Room[] }>('/rooms', { includeArchived }),
  });
}

function useRoomWrite<I>(call: (input: I) => Promise<Room>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: ROOMS_KEY }), client.invalidateQueries({ queryKey: KEY })]),
  });
}
export const useCreateRoom = () => useRoomWrite((body: RoomCreate) => post<Room>('/rooms', body));
export const useUpdateRoom = () =>
  useRoomWrite(({ id, ...body }: RoomUpdate & { id: number }) => patch<Room>(`/rooms/${id}`, body));
export const useArchiveRoom = () => useRoomWrite((id: number) => post<Room>(`/rooms/${id}/archive`));

// ── Lessons ──
export interface LessonQuery extends TimetableView {
  from: string;
  to: string;
}

export function useLessons(query: LessonQuery | null) {
  return useQuery({
    queryKey: [...LESSONS_KEY, query],
    queryFn: () => get<{ items: Lesson[]; bells: Timetable['bells'] }>('/lessons', { ...query }),
    enabled: query !== null,
    placeholderData: (previous) => previous,
  });
}

export function useLessonChanges(id: number | null) {
  return useQuery({
    queryKey: [...LESSONS_KEY, 'changes', id],
    queryFn: () => get<{ items: LessonChange[] }>(`/lessons/${id}/changes`),
    enabled: id !== null,
  });
}

export type LessonAction =
  | { kind: 'cancel'; note?: string }
  | { kind: 'restore'; note?: string }
  | { kind: 'substitute'; teacherPersonId: number | null; note?: string }
  | { kind: 'room'; roomId: number | null; note?: string }
  | { kind: 'move'; date: string; lessonNumber: number; shift?: number; note?: string };

export function useLessonAction() {
  const client = useQueryClient();
  return useMutation({
    // The dialog shows the error (and the clashes) itself.
    meta: { quiet: true },
    mutationFn: ({ id, action }: { id: number; action: LessonAction }) => {
      const { kind, ...body } = action;
      return post<Lesson>(`/lessons/${id}/${kind}`, body);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: LESSONS_KEY }),
  });
}

// ── My timetable and the calendar feed ──
export function useMyTimetable(query: { from?: string; personId?: number }) {
  return useQuery({
    queryKey: ['my-timetable', query],
    queryFn: () => get<MyTimetable>('/me/timetable', { ...query }),
    placeholderData: (previous) => previous,
  });
}

const FEED_KEY = ['calendar-feed'] as const;
export function useCalendarFeed() {
  return useQuery({ queryKey: FEED_KEY, queryFn: () => get<CalendarFeed>('/me/calendar-feed') });
}
export function useCreateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<CalendarFeedCreated>('/me/calendar-feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: FEED_KEY }),
  });
}
export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del<{ ok: true }>('/me/calendar-feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: FEED_KEY }),
  });
}
