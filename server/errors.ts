/**
 * Errors the app raises on purpose. `code` is an i18n key in the `errors` namespace; the error handler
 * (plugins/errors.ts) translates it into the caller's language and answers `{ code, message }`.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    /** Extra machine-readable fields of the error body (e.g. which steps are required). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const unauthenticated = () => new AppError(401, 'unauthenticated');
export const forbidden = () => new AppError(403, 'forbidden');
/** Also what a foreign (other tenant's) resource answers: its existence is not revealed. */
export const notFound = () => new AppError(404, 'notFound');
export const conflict = (code = 'conflict') => new AppError(409, code);
export const unprocessable = (code: string) => new AppError(422, code);
