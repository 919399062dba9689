import type {
  ImportJob,
  ImportJobDetail,
  ImportRow,
  ImportSummary,
  MatchKind,
  PeopleField,
  RowEntity,
  SlipGroup,
} from '@common/schemas/imports.js';
import type { TFunction } from 'i18next';
import { rowValues } from './fields.js';
import type { JobMapping, JobRow, PagedRow, RowData, RowDetail } from './imports.repository.js';
import type { Progress } from './runtime.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentJob(job: JobRow, t: TFunction): ImportJob {
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    createdAt: iso(job.createdAt)!,
    finishedAt: iso(job.finishedAt),
    totalRows: job.totalRows,
    doneRows: job.doneRows,
    summary: (job.summary as ImportSummary | null) ?? null,
    error: job.error ? t(job.error, { ns: 'errors' }) : null,
  };
}

export function presentJobDetail(
  job: JobRow,
  t: TFunction,
  progress: Progress | null,
  slips: { expiresAt: Date; groups: SlipGroup[] } | null,
): ImportJobDetail {
  const mapping = (job.mapping ?? { headers: [], columns: [] }) as JobMapping;
  return {
    ...presentJob(job, t),
    headers: mapping.headers,
    columns: mapping.columns as ImportJobDetail['columns'],
    progress,
    slips: slips ? { expiresAt: slips.expiresAt.toISOString(), groups: slips.groups } : null,
  };
}

export function presentRow(row: PagedRow, mapping: JobMapping, t: TFunction): ImportRow {
  const data = row.data as RowData | null;
  const detail = (row.detail as RowDetail | null) ?? {
    entity: data?.entity ?? 'person',
    via: null,
    confirmed: false,
    changes: [],
  };
  const values = data
    ? data.cells
      ? rowValues(data.cells, mapping.columns as Array<PeopleField | null>, data.values)
      : (data.values ?? {})
    : null;
  const errors = ((row.errors as Array<{ field: string | null; code: string }> | null) ?? []).map((e) => ({
    field: e.field,
    code: e.code,
    message: t(e.code, { ns: 'errors' }),
  }));
  const via = detail.via as MatchKind | null;
  // A person known only at another school is not shown to this one: the row only says that they are known.
  const showPerson = row.matchedPersonId !== null && row.surname !== null && via !== 'elsewhere';
  return {
    rowNumber: row.rowNumber,
    entity: detail.entity as RowEntity,
    outcome: row.outcome,
    values: values
      ? (Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, string>)
      : null,
    errors,
    match: via
      ? {
          via,
          person: showPerson
            ? {
                personId: row.matchedPersonId!,
                surname: row.surname!,
                firstName: row.firstName!,
                patronymic: row.patronymic,
                birthDate: row.birthDate!,
              }
            : null,
          confirmed: detail.confirmed,
        }
      : row.matchedPersonId !== null && row.surname !== null
        ? {
            via: 'existing',
            person: {
              personId: row.matchedPersonId,
              surname: row.surname,
              firstName: row.firstName!,
              patronymic: row.patronymic,
              birthDate: row.birthDate!,
            },
            confirmed: false,
          }
        : null,
    changes: detail.changes,
  };
}
