import type { AttendanceCode } from '@common/schemas/journal.js';
import { ids, v2DateTime } from './v2.conventions.js';

/**
 * Our attendance codes (kz-school-rules §3, common/schemas/journal.ts) as Kundelik lesson-log statuses (§1.11):
 * present → Attend; н (absent, unexcused) → Absent; п (excused) → Pass («пропуск по уважительной причине»);
 * б (sick) → Ill; о (late) → Late. SIRO counts Pass and Ill as absences, as our reports count п and б.
 */
export const V2_LOG_STATUSES = ['Attend', 'Absent', 'Ill', 'Late', 'Pass'] as const;
export type V2LogStatus = (typeof V2_LOG_STATUSES)[number];

export const V2_LOG_STATUS: Record<AttendanceCode, V2LogStatus> = {
  present: 'Attend',
  absent: 'Absent',
  excused: 'Pass',
  sick: 'Ill',
  late: 'Late',
};

/** One LessonLogEntry. `comment` is the reason the teacher typed (or null); `createdDate` the last change. */
export function presentLogEntry(r: {
  studentPersonId: number;
  lessonId: number;
  code: AttendanceCode;
  reason: string | null;
  updatedAt: Date | string;
}) {
  return {
    ...ids({ person: r.studentPersonId, lesson: r.lessonId }),
    comment: r.reason,
    status: V2_LOG_STATUS[r.code],
    createdDate: v2DateTime(r.updatedAt instanceof Date ? r.updatedAt : new Date(r.updatedAt)),
  };
}
export type V2LogEntry = ReturnType<typeof presentLogEntry>;
