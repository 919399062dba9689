import type { ApiError as ApiErrorBody } from '@common/schemas/primitives.js';

/**
 * A failed API call. `message` is already in the UI language (the server localises it from Accept-Language);
 * `issues` name the offending fields (`body.surname`) for forms.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: NonNullable<ApiErrorBody['issues']>;
  /** The whole error body, for fields some answers add (the conflicts of a refused timetable save…). */
  readonly body: Partial<ApiErrorBody> & Record<string, unknown>;

  constructor(status: number, body: Partial<ApiErrorBody> & Record<string, unknown>) {
    super(body.message ?? body.code ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'internal';
    this.issues = body.issues ?? [];
    this.body = body;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
export const isStatus = (error: unknown, status: number) => isApiError(error) && error.status === status;
