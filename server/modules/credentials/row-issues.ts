import type { TFunction } from 'i18next';
import { AppError } from '../../errors.js';

/** A problem with one field of one row of a batch: `path` as the validator names it (`body.rows.3.iin`). */
export interface RowIssue {
  path: string;
  /** i18n key in the `errors` namespace. */
  code: string;
}

/**
 * Every problem of a batch at once, so the administrator can fix the whole list in one go. The service does
 * not know the caller's language; the route turns this into a localised 422 with `toAppError`.
 */
export class RowIssuesError extends Error {
  constructor(
    readonly code: string,
    readonly issues: RowIssue[],
  ) {
    super(code);
  }

  toAppError(t: TFunction): AppError {
    return new AppError(
      422,
      this.code,
      { count: new Set(this.issues.map((i) => i.path.split('.').slice(0, 3).join('.'))).size },
      { issues: this.issues.map((i) => ({ path: i.path, message: t(i.code, { ns: 'errors' }) })) },
    );
  }
}
