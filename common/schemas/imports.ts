import { z } from 'zod';
import { LOCALES } from '../enums.js';
import { zId } from './primitives.js';

/**
 * Imports and exports of a school's people and classes (issue 4 §4): a file is uploaded, every row is
 * checked and matched in a dry run (the preview), then applied in one transaction.
 */

/** The most data rows one file may hold (a very large school has ≈ 3,000 students and their parents). */
export const IMPORT_MAX_ROWS = 20_000;

export const IMPORT_KINDS = ['people', 'oneroster'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a column of a people file can hold. `fullName` is a «ФИО» column, split into the three names. */
export const PEOPLE_FIELDS = [
  'role',
  'surname',
  'firstName',
  'patronymic',
  'fullName',
  'birthDate',
  'gender',
  'iin',
  'class',
  'language',
  'externalId',
  'email',
  'phone',
  'parentOf',
  'relation',
] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];
/** The template's columns, in order (no fullName: the template has the three names apart). */
export const TEMPLATE_FIELDS = PEOPLE_FIELDS.filter((f): f is Exclude<PeopleField, 'fullName'> => f !== 'fullName');

export const IMPORT_ROLES = ['student', 'parent', 'teacher', 'staff'] as const;
export type ImportRole = (typeof IMPORT_ROLES)[number];

export const ROW_OUTCOMES = ['new', 'update', 'unchanged', 'error', 'confirm'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];
export const JOB_STATUSES = ['previewed', 'applying', 'applied', 'failed', 'discarded'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** What a row of a OneRoster import describes (a people file has only persons). */
export const ROW_ENTITIES = ['person', 'class', 'subject', 'teaching'] as const;
export type RowEntity = (typeof ROW_ENTITIES)[number];
/** How a row found an existing person: IIN, external id, name + birth date, or an IIN known at another school. */
export const MATCH_KINDS = ['iin', 'externalId', 'name', 'elsewhere', 'existing'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export const zImportCreateQuery = z.object({ kind: z.enum(IMPORT_KINDS).default('people') });

export const zTemplateQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  kind: z.literal('people').default('people'),
  /** The headers' language; the caller's own by default. */
  lang: z.enum(LOCALES).optional(),
});

/** One entry per column of the file: the field it holds, or null to ignore the column. */
export const zColumnMapping = z.array(z.enum(PEOPLE_FIELDS).nullable()).max(200, 'errors:validation.tooBig');
export const zMappingUpdate = z.object({ columns: zColumnMapping });

export const zRowKey = z.object({ id: zId, rowNumber: z.coerce.number().int().min(1).max(1_000_000) });
export const zRowsQuery = z.object({
  outcome: z.enum(ROW_OUTCOMES).optional(),
  entity: z.enum(ROW_ENTITIES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
/** New values for one bad row (field → text as it would be typed in the file; '' clears the cell). */
export const zRowFix = z.object({
  values: z.partialRecord(z.enum(PEOPLE_FIELDS), z.string().max(300, 'errors:validation.tooLong')),
});
export const zConfirm = z.object({
  /** Rows whose suggested match (name + birth date, or an IIN known at another school) is accepted. */
  rowNumbers: z.array(z.number().int().min(1)).max(20_000, 'errors:validation.tooBig').optional(),
  /** Accept every row waiting for a confirmation. */
  all: z.boolean().optional(),
});
export const zSlipsQuery = z.object({
  /** A class of the job's students (with their parents); without it the job's people who belong to no class. */
  classId: zId.optional(),
  perPage: z.coerce
    .number()
    .refine((n) => n === 1 || n === 4 || n === 8, 'errors:validation.invalidOption')
    .default(4),
});
export const zExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const zSummary = z.object({
  new: z.number(),
  update: z.number(),
  unchanged: z.number(),
  error: z.number(),
  confirm: z.number(),
  /** Of the rows, how many a confirmation has been given for. */
  confirmed: z.number(),
  /** Classes the apply creates / class enrolments / parent links / accounts it adds. */
  classesToCreate: z.number(),
  enrolments: z.number(),
  links: z.number(),
  accounts: z.number(),
});
export type ImportSummary = z.infer<typeof zSummary>;

export const zSlipGroup = z.object({
  /** null: the people of the job who are in no class (staff, teachers, parents of no class's student). */
  classId: zId.nullable(),
  label: z.string().nullable(),
  count: z.number(),
});
export type SlipGroup = z.infer<typeof zSlipGroup>;

export const zImportJob = z.object({
  id: zId,
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: z.enum(JOB_STATUSES),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  totalRows: z.number(),
  doneRows: z.number(),
  summary: zSummary.nullable(),
  /** Localised reason of a failed apply. */
  error: z.string().nullable(),
});
export type ImportJob = z.infer<typeof zImportJob>;

export const zImportJobDetail = zImportJob.extend({
  /** The file's header row and the field each column is read as (people files). */
  headers: z.array(z.string()),
  columns: zColumnMapping,
  /** Rows done / total while applying (kept in the server process; null when not applying). */
  progress: z.object({ done: z.number(), total: z.number(), phase: z.enum(['credentials', 'writing']) }).nullable(),
  /** Credential slips of the new accounts, printable for a limited time after the apply. */
  slips: z.object({ expiresAt: z.string(), groups: z.array(zSlipGroup) }).nullable(),
});
export type ImportJobDetail = z.infer<typeof zImportJobDetail>;

export const zImportJobList = z.object({ items: z.array(zImportJob) });

export const zRowError = z.object({ field: z.string().nullable(), code: z.string(), message: z.string() });
export type RowError = z.infer<typeof zRowError>;

export const zImportRow = z.object({
  rowNumber: z.number(),
  entity: z.enum(ROW_ENTITIES),
  outcome: z.enum(ROW_OUTCOMES),
  /** The row's values by field, as read (null once the job is applied: the file's data is not kept). */
  values: z.record(z.string(), z.string()).nullable(),
  errors: z.array(zRowError),
  match: z
    .object({
      via: z.enum(MATCH_KINDS),
      /** The existing person (not shown for a person known only at another school). */
      person: z
        .object({
          personId: zId,
          surname: z.string(),
          firstName: z.string(),
          patronymic: z.string().nullable(),
          birthDate: z.string(),
        })
        .nullable(),
      confirmed: z.boolean(),
    })
    .nullable(),
  /** What the apply changes for this row: person fields and 'membership', 'externalId', 'class', 'links'. */
  changes: z.array(z.string()),
});
export type ImportRow = z.infer<typeof zImportRow>;
export const zImportRowPage = z.object({
  items: z.array(zImportRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type ImportRowPage = z.infer<typeof zImportRowPage>;
