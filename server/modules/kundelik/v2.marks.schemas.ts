import { z } from 'zod';
import { V2_LOG_STATUSES } from './v2.lesson-log.presenter.js';

/**
 * Zod schemas of the v2 marks surface (kundelik-v2-api.md §1.9–§1.12): params that accept every client date format,
 * and the response shapes (fastify serialises through them, so every emitted field is listed here).
 */

/** Shared with VA's routes (v2.schemas.ts): ids, every client date format as `YYYY-MM-DD`, error bodies. */
export { v2Errors, zV2CompactSubject, zV2Date as zV2Day, zV2Error, zV2Id } from './v2.schemas.js';

const idPair = <K extends string>(key: K, nullable = false) =>
  ({
    [key]: nullable ? z.number().nullable() : z.number(),
    [`${key}_str`]: nullable ? z.string().nullable() : z.string(),
  }) as unknown as Record<K | `${K}_str`, z.ZodType>;

export const zV2Mark = z.object({
  ...idPair('id'),
  type: z.string(),
  value: z.string(),
  textValue: z.string(),
  ...idPair('person'),
  ...idPair('work', true),
  ...idPair('lesson', true),
  number: z.number(),
  date: z.string(),
  workType: z.number(),
  mood: z.enum(['Good', 'Average', 'Bad', 'NotSet']),
  use_avg_calc: z.boolean(),
});
export const zV2Marks = z.array(zV2Mark);

export const zV2LogEntry = z.object({
  ...idPair('person'),
  ...idPair('lesson'),
  comment: z.string().nullable(),
  status: z.enum(V2_LOG_STATUSES),
  createdDate: z.string(),
});
export const zV2LogEntries = z.array(zV2LogEntry);

export const zV2WorkType = z.object({
  id: z.number(),
  id_str: z.string(),
  schoolId: z.number(),
  abbreviation: z.string(),
  name: z.string(),
  isFinal: z.boolean(),
  isImportant: z.boolean(),
  kindId: z.number(),
  kind: z.string(),
});
