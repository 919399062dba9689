import { z } from 'zod';
import { zDate, zId } from './primitives.js';

/**
 * Topic plans (КТП, календарно-тематический план; issue 5 §1): the ordered topics of a subject in a grade for a
 * year, each taking `hours` lessons. Uploaded as XLSX or CSV (columns: № optional, topic, hours optional = 1),
 * one current plan per school × year × subject × grade; applied to a journal it fills the lessons' topics in
 * date order (a topic of 2 hours covers two consecutive lessons).
 */

export const TOPIC_PLAN_MAX_ROWS = 400;
export const TOPIC_MAX_HOURS = 10;
export const TOPIC_MAX_LENGTH = 500;

/** Which plan: a subject in a grade, in a year (the school's current year when left out). */
export const zTopicPlanScope = z.object({
  subjectId: zId,
  grade: z.coerce.number().int().min(0).max(12),
  yearId: zId.optional(),
});
export type TopicPlanScope = z.infer<typeof zTopicPlanScope>;

export const zTopicPlanItem = z.object({
  position: z.number(),
  topic: z.string(),
  hours: z.number(),
});
export type TopicPlanItem = z.infer<typeof zTopicPlanItem>;

export const zTopicPlan = z.object({
  id: zId,
  yearId: zId,
  subjectId: zId,
  grade: z.number(),
  title: z.string().nullable(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
  /** Σ hours: how many lessons the plan covers. */
  totalHours: z.number(),
  items: z.array(zTopicPlanItem),
});
export type TopicPlan = z.infer<typeof zTopicPlan>;
export const zTopicPlanResponse = z.object({ plan: zTopicPlan.nullable() });

/**
 * Applying a plan: by default only lessons without a topic get one; with `overwriteFrom` every lesson dated on
 * or after that day is rewritten too. Lessons of closed periods are never touched.
 */
export const zTopicPlanApply = z.object({ overwriteFrom: zDate.nullable().optional() }).strict();
export type TopicPlanApply = z.infer<typeof zTopicPlanApply>;
export const zTopicPlanApplyResult = z.object({
  /** Lessons whose topic was written. */
  filled: z.number(),
  /** Lessons left as they were because their period is closed. */
  skippedClosed: z.number(),
  /** Lessons of the journal that the plan reached (the plan may be shorter than the year). */
  covered: z.number(),
  /** Lessons of the journal (scheduled, the whole year). */
  lessons: z.number(),
});
export type TopicPlanApplyResult = z.infer<typeof zTopicPlanApplyResult>;
