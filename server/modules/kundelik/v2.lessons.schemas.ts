import { z } from 'zod';
import { zV2Subject } from './v2.schemas.js';

/** Response schemas of lessons, works and tasks (kundelik-v2-api.md §1.7). */

const n = z.number().nullable();
const s = z.string().nullable();

export const zV2Task = z.object({
  id: n,
  id_str: s,
  person: n,
  person_str: s,
  work: n,
  work_str: s,
  status: z.string(),
  targetDate: z.string(),
});
export const zV2Work = z.object({
  id: n,
  id_str: s,
  type: z.string(),
  workType: z.number(),
  markType: z.string(),
  markCount: z.number(),
  lesson: n,
  lesson_str: s,
  displayInJournal: z.boolean(),
  status: z.string(),
  eduGroup: n,
  eduGroup_str: s,
  tasks: z.array(zV2Task),
  text: z.string(),
  periodNumber: n,
  periodType: s,
  subjectId: n,
  subjectId_str: s,
  isImportant: z.boolean(),
  targetDate: z.string(),
  sentDate: z.string(),
  createdBy: z.number(),
  files: z.array(z.number()),
  oneDriveLinks: z.array(z.string()),
});
export const zV2Lesson = z.object({
  id: n,
  id_str: s,
  title: z.string(),
  date: z.string(),
  number: z.number(),
  subject: zV2Subject,
  group: n,
  group_str: s,
  subjectId: n,
  subjectId_str: s,
  status: z.string(),
  resultPlaceId: n,
  works: z.array(zV2Work),
  teachers: z.array(z.number()),
  teachers_str: z.array(z.string()),
});
export const zV2CompactLesson = z.object({
  id: n,
  id_str: s,
  subjectId: n,
  subjectId_str: s,
  title: z.string(),
  date: z.string(),
  number: z.number(),
  status: z.string(),
  resultPlaceId: n,
  building: s,
  place: s,
  floor: s,
  hours: s,
  works: z.array(z.number()),
  works_str: z.array(z.string()),
  teachers: z.array(z.number()),
  teachers_str: z.array(z.string()),
});
