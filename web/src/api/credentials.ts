import type { Me } from '@common/schemas/auth.js';
import type { BulkCreate, BulkCreated, SlipsPerPage } from '@common/schemas/credentials.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentLocale } from '../i18n.js';
import { ApiError } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { post } from './client.js';
import { PERSONS_KEY } from './persons.js';

export type { BulkCreate, BulkCreated, SlipsPerPage };
export interface SlipItem {
  personId: number;
  temporaryPassword: string;
}

/** POST /persons/bulk: all rows or none; the answer holds the one-time credentials in row order. */
export function useBulkCreate() {
  const client = useQueryClient();
  return useMutation({
    // The page shows row problems itself, next to the rows.
    meta: { quiet: true },
    mutationFn: (body: BulkCreate) => post<BulkCreated>('/persons/bulk', body),
    onSuccess: () => client.invalidateQueries({ queryKey: PERSONS_KEY }),
  });
}

/**
 * POST /credentials/slips → the PDF as a Blob. Not through `api()`: the answer is a document, not JSON (an
 * error still is, and becomes the usual ApiError).
 */
export async function fetchSlips(items: SlipItem[], perPage: SlipsPerPage): Promise<Blob> {
  const csrf = queryClient.getQueryData<Me | null>(ME_KEY)?.csrfToken;
  const response = await fetch('/api/v1/credentials/slips', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      accept: 'application/pdf, application/json',
      'accept-language': currentLocale(),
      'content-type': 'application/json',
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify({ items, perPage }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body);
  }
  return response.blob();
}

/** Hands a PDF to the browser as a download (works on phones too, where pop-ups and print dialogs do not). */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; give the browser a moment before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches the slips and downloads them; failures are shown by the mutation cache's notification. */
export function usePrintSlips() {
  return useMutation({
    mutationFn: async ({ items, perPage }: { items: SlipItem[]; perPage: SlipsPerPage }) => {
      const blob = await fetchSlips(items, perPage);
      saveBlob(blob, items.length === 1 ? 'dapter-credentials.pdf' : `dapter-credentials-${items.length}.pdf`);
    },
  });
}
