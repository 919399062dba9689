import type { Locale } from '@common/enums.js';
import type { Me } from '@common/schemas/auth.js';
import type {
  ImportJob,
  ImportJobDetail,
  ImportKind,
  ImportRow,
  ImportRowPage,
  PeopleField,
  RowOutcome,
} from '@common/schemas/imports.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentLocale } from '../i18n.js';
import { ApiError } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { del, get, patch, post, queryString } from './client.js';
import { saveBlob } from './credentials.js';
import { PERSONS_KEY } from './persons.js';

export type { ImportJob, ImportJobDetail, ImportKind, ImportRow, ImportRowPage, PeopleField, RowOutcome };

const IMPORTS_KEY = ['imports'] as const;

export function useImportJobs() {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: () => get<{ items: ImportJob[] }>('/imports'),
  });
}

/** One job; polled every second while it is being applied, so the progress bar moves (and survives a reload). */
export function useImportJob(id: number) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'job', id],
    queryFn: () => get<ImportJobDetail>(`/imports/${id}`),
    refetchInterval: (query) => (query.state.data?.status === 'applying' ? 1000 : false),
  });
}

export function useImportRows(id: number, filter: { outcome?: RowOutcome; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'rows', id, filter],
    queryFn: () => get<ImportRowPage>(`/imports/${id}/rows`, filter),
    placeholderData: keepPreviousData,
  });
}

/** Raw requests (uploads, files): not JSON in, or not JSON out; errors still become the usual ApiError. */
async function raw(method: 'GET' | 'POST', path: string, body?: BodyInit): Promise<Response> {
  const csrf = queryClient.getQueryData<Me | null>(ME_KEY)?.csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': currentLocale(),
      ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body,
  });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data);
  }
  return response;
}

/** The file's name from Content-Disposition (RFC 6266 filename*), else the fallback. */
function fileNameOf(response: Response, fallback: string) {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/** Downloads a template or an export. */
export function useDownload() {
  return useMutation({
    mutationFn: async ({
      path,
      params,
      fallback,
    }: {
      path: string;
      params?: Record<string, unknown>;
      fallback: string;
    }) => {
      const response = await raw('GET', `${path}${queryString(params)}`);
      saveBlob(await response.blob(), fileNameOf(response, fallback));
    },
  });
}

export const templatePath = (format: 'xlsx' | 'csv', lang: Locale) => ({
  path: '/imports/template',
  params: { format, kind: 'people', lang },
  fallback: `dapter-import-${lang}.${format}`,
});

/** POST /imports (multipart): the dry run. The caller shows the file's problem itself. */
export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: async ({ file, kind }: { file: File; kind: ImportKind }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const response = await raw('POST', `/imports${queryString({ kind })}`, form);
      return (await response.json()) as ImportJobDetail;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: IMPORTS_KEY }),
  });
}

/** Any change to a job re-runs its dry run: the job, its rows and the list all change. */
function useJobMutation<V>(id: number, fn: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'id' in data) client.setQueryData([...IMPORTS_KEY, 'job', id], data);
      return client.invalidateQueries({ queryKey: IMPORTS_KEY });
    },
  });
}

export const useUpdateMapping = (id: number) =>
  useJobMutation(id, (columns: Array<PeopleField | null>) =>
    patch<ImportJobDetail>(`/imports/${id}/mapping`, { columns }),
  );

export const useFixRow = (id: number) =>
  useJobMutation(id, ({ rowNumber, values }: { rowNumber: number; values: Partial<Record<PeopleField, string>> }) =>
    post<ImportJobDetail>(`/imports/${id}/rows/${rowNumber}`, { values }),
  );

export const useConfirmRows = (id: number) =>
  useJobMutation(id, (input: { rowNumbers?: number[]; all?: boolean }) =>
    post<ImportJobDetail>(`/imports/${id}/confirm`, input),
  );

export const useDiscardImport = (id: number) => useJobMutation(id, () => del<{ ok: true }>(`/imports/${id}`));

export function useApplyImport(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => post<ImportJobDetail>(`/imports/${id}/apply`),
    onSuccess: (job) => {
      client.setQueryData([...IMPORTS_KEY, 'job', id], job);
      return Promise.all([
        client.invalidateQueries({ queryKey: IMPORTS_KEY }),
        client.invalidateQueries({ queryKey: PERSONS_KEY }),
      ]);
    },
  });
}

/** The credential slips of one class of the job (classId null: the people in no class) as a PDF download. */
export function usePrintImportSlips(id: number) {
  return useMutation({
    mutationFn: async ({ classId, perPage }: { classId: number | null; perPage: 1 | 4 | 8 }) => {
      const response = await raw('POST', `/imports/${id}/slips${queryString({ classId, perPage })}`);
      saveBlob(await response.blob(), `dapter-credentials-${classId ?? 'other'}.pdf`);
    },
  });
}
