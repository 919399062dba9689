import type { Me } from '@common/schemas/auth.js';
import type { HomeworkAttachment } from '@common/schemas/homework-files.js';
import type {
  Attendance,
  AttendanceCellInput,
  HomeworkWrite,
  JournalAssignment,
  JournalGrid,
  Mark,
  MarkCellInput,
  WorkColumn,
  WorkCreate,
  WorkUpdate,
} from '@common/schemas/journal.js';
import type { JournalChanges, zMarkHistoryEntry } from '@common/schemas/journal-results.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { currentLocale } from '../i18n.js';
import { ApiError } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { del, get, patch, post, put } from './client.js';

export type { Attendance, JournalAssignment, JournalChanges, JournalGrid, Mark, WorkColumn };

export type MarkHistoryEntry = z.infer<typeof zMarkHistoryEntry>;

const KEY = ['journal'] as const;

/** Every journal path in one place (the server module is server/modules/journal). */
export const journalPaths = {
  assignments: '/journal/assignments',
  grid: (a: number) => `/journal/${a}`,
  changes: (a: number) => `/journal/${a}/changes`,
  marks: (a: number) => `/journal/${a}/marks`,
  attendance: (a: number) => `/journal/${a}/attendance`,
  works: (a: number) => `/journal/${a}/works`,
  work: (a: number, w: number) => `/journal/${a}/works/${w}`,
  topic: (l: number) => `/lessons/${l}/topic`,
  homework: (l: number) => `/lessons/${l}/homework`,
  attachments: (l: number) => `/lessons/${l}/homework/attachments`,
  attachment: (l: number, id: number) => `/lessons/${l}/homework/attachments/${id}`,
  history: (markId: number) => `/journal/marks/${markId}/history`,
  close: (p: number) => `/journal/periods/${p}/close`,
  reopen: (p: number) => `/journal/periods/${p}/reopen`,
};

/** The assignments the signed-in person may open (administrators: the whole school, by class). */
export function useJournalAssignments(classId?: number) {
  return useQuery({
    queryKey: [...KEY, 'assignments', classId ?? null],
    queryFn: () => get<{ items: JournalAssignment[] }>(journalPaths.assignments, { classId }),
  });
}

/**
 * One grid. It is loaded once per assignment × period and then kept current by the grid's own store
 * (saves and polled changes): refetching it would re-render 1 750 cells for nothing.
 */
export function useJournalGrid(assignmentId: number, periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'grid', assignmentId, periodId],
    queryFn: () => get<JournalGrid>(journalPaths.grid(assignmentId), { periodId: periodId ?? undefined }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** A mark's audit trail (administrators). */
export function useMarkHistory(markId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'history', markId],
    queryFn: () => get<{ items: MarkHistoryEntry[] }>(journalPaths.history(markId ?? 0)),
    enabled: markId !== null,
  });
}

export const fetchChanges = (assignmentId: number, since: number, periodId: number) =>
  get<JournalChanges>(journalPaths.changes(assignmentId), { since, periodId });

export interface MarksResult {
  marks: Mark[];
  removedMarkIds: number[];
  revision: number;
}
/** `reason`: why (an administrator's re-check of a disputed СОч, §1.5) — kept in each history entry of the save. */
export const writeMarks = (assignmentId: number, cells: MarkCellInput[], reason?: string) =>
  put<MarksResult>(journalPaths.marks(assignmentId), reason ? { cells, reason } : { cells });
export const writeAttendance = (assignmentId: number, cells: AttendanceCellInput[]) =>
  put<{ attendance: Attendance[]; revision: number }>(journalPaths.attendance(assignmentId), { cells });

/** Column-level writes (works, topics, homework, closing) reload the grid: they change its shape. */
function useGridWrite<I, O>(call: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
    // The dialogs show the refusal themselves (the broken rules, the field).
    meta: { quiet: true },
  });
}

export const useCreateWork = (assignmentId: number) =>
  useGridWrite((body: WorkCreate) => post<WorkColumn>(journalPaths.works(assignmentId), body));
export const useUpdateWork = (assignmentId: number) =>
  useGridWrite(({ id, ...body }: WorkUpdate & { id: number }) =>
    patch<WorkColumn>(journalPaths.work(assignmentId, id), body),
  );
export const useDeleteWork = (assignmentId: number) =>
  useGridWrite((id: number) => del<{ ok: true }>(journalPaths.work(assignmentId, id)));
export const useSaveLesson = () =>
  useGridWrite(async (input: { lessonId: number; topic: string | null; homework: HomeworkWrite }) => {
    await put(journalPaths.topic(input.lessonId), { topic: input.topic });
    await put(journalPaths.homework(input.lessonId), input.homework);
  });
export const useClosePeriod = () =>
  useGridWrite((input: { periodId: number; classId: number | null }) =>
    post(journalPaths.close(input.periodId), { classId: input.classId }),
  );
export const useReopenPeriod = () =>
  useGridWrite((input: { periodId: number; classId: number | null; reason: string }) =>
    post(journalPaths.reopen(input.periodId), { classId: input.classId, reason: input.reason }),
  );

/** A homework file's download address (a plain link: the session cookie goes along, the server sends it as a download). */
export const attachmentUrl = (lessonId: number, id: number) => `/api/v1${journalPaths.attachment(lessonId, id)}`;

/** POST a file as multipart (field "file"); errors become the usual ApiError with the localised message. */
async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const csrf = queryClient.getQueryData<Me | null>(ME_KEY)?.csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'accept-language': currentLocale(), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: form,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data as T;
}

export const useUploadAttachment = () =>
  useGridWrite((input: { lessonId: number; file: File }) =>
    uploadFile<HomeworkAttachment>(journalPaths.attachments(input.lessonId), input.file),
  );
export const useRemoveAttachment = () =>
  useGridWrite((input: { lessonId: number; id: number }) =>
    del<{ ok: true }>(journalPaths.attachment(input.lessonId, input.id)),
  );
