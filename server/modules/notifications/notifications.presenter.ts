import type { Locale } from '@common/enums.js';
import type { AttendanceCode } from '@common/schemas/journal.js';
import type { Notification, NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import { translatorFor } from '../../plugins/i18n.js';
import { subjectName } from '../timetable/timetable.access.js';
import type { LessonChange } from './events.js';

/** What a notification row stores (ids, dates, counts: names are looked up when shown). */
export interface StoredPayload {
  subjectId?: number;
  assignmentId?: number;
  lessonId?: number;
  periodId?: number;
  count: number;
  dates: string[];
  codes?: AttendanceCode[];
  dueDate?: string | null;
  event?: 'passwordChanged';
  change?: LessonChange;
}

export interface NotificationRow {
  schoolId: number;
  id: number;
  recipientPersonId: number;
  studentPersonId: number | null;
  kind: NotificationKind;
  payload: StoredPayload;
  createdAt: Date | string;
  readAt: Date | string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const MAX_DATES = 10;

/** Names of the students, subjects and periods of many notifications: three statements whatever their number. */
async function namesFor(db: Database, rows: NotificationRow[]) {
  const students = [...new Set(rows.flatMap((r) => (r.studentPersonId ? [r.studentPersonId] : [])))];
  const subjects = rows.flatMap((r) => (r.payload.subjectId ? [[r.schoolId, r.payload.subjectId] as const] : []));
  const periods = rows.flatMap((r) => (r.payload.periodId ? [[r.schoolId, r.payload.periodId] as const] : []));
  const [p, s, per] = await Promise.all([
    students.length
      ? db.selectFrom('persons').where('id', 'in', students).select(['id', 'surname', 'firstName']).execute()
      : [],
    subjects.length
      ? db
          .selectFrom('subjects')
          .where('schoolId', 'in', [...new Set(subjects.map((x) => x[0]))])
          .where('id', 'in', [...new Set(subjects.map((x) => x[1]))])
          .select(['schoolId', 'id', 'nameKk', 'nameRu', 'nameEn'])
          .execute()
      : [],
    periods.length
      ? db
          .selectFrom('academicPeriods')
          .where('schoolId', 'in', [...new Set(periods.map((x) => x[0]))])
          .where('id', 'in', [...new Set(periods.map((x) => x[1]))])
          .select(['schoolId', 'id', 'kind', 'number'])
          .execute()
      : [],
  ]);
  return {
    student: new Map(p.map((x) => [x.id, `${x.firstName} ${x.surname}`])),
    subject: new Map(s.map((x) => [`${x.schoolId}:${x.id}`, x])),
    period: new Map(per.map((x) => [`${x.schoolId}:${x.id}`, x])),
  };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

function present(r: NotificationRow, names: Names, locale: Locale): Notification {
  const t = translatorFor(locale);
  const o = { ns: 'notifications' };
  const pl = r.payload;
  const subj = pl.subjectId ? names.subject.get(`${r.schoolId}:${pl.subjectId}`) : undefined;
  const subject = subj ? subjectName(subj, locale) : null;
  const per = pl.periodId ? names.period.get(`${r.schoolId}:${pl.periodId}`) : undefined;
  const period = per ? t(`period.${per.kind}`, { ...o, number: per.number }) : null;
  const dates = [...pl.dates].sort().slice(0, MAX_DATES);
  const codes = pl.codes ?? [];
  const v = {
    ...o,
    subject: subject ?? '',
    period: period ?? '',
    count: pl.count,
    dates: dates.join(', '),
    due: pl.dueDate ?? '',
    codes: codes.map((c) => t(`code.${c}`, o)).join(', '),
  };
  let text: string;
  switch (r.kind) {
    case 'mark':
      text = t('text.mark', v);
      break;
    case 'attendance':
      text = t('text.attendance', v);
      break;
    case 'homework':
      text = t(pl.dueDate ? 'text.homeworkDue' : 'text.homework', v);
      break;
    case 'timetable':
      text = t('text.timetable', { ...v, change: pl.change ? t(`change.${pl.change}`, o) : '' });
      break;
    case 'termGrade':
      text = t('text.termGrade', v);
      break;
    case 'security':
      text = t('text.securityPasswordChanged', o);
      break;
    default:
      text = t('text.newsletter', o);
  }
  const studentName = r.studentPersonId ? (names.student.get(r.studentPersonId) ?? '') : null;
  // A parent reads whose child it is about; the student reads about themself without their own name.
  if (studentName && r.studentPersonId !== r.recipientPersonId) {
    text = t('text.aboutStudent', { ...o, student: studentName, text });
  }
  return {
    id: r.id,
    kind: r.kind,
    schoolId: r.kind === 'security' ? null : r.schoolId,
    createdAt: iso(r.createdAt),
    readAt: r.readAt ? iso(r.readAt) : null,
    student: r.studentPersonId ? { personId: r.studentPersonId, name: studentName ?? '' } : null,
    subject,
    count: Math.max(1, pl.count),
    dates,
    dueDate: pl.dueDate ?? null,
    attendanceCodes: codes,
    period,
    lessonChange: pl.change ?? null,
    securityEvent: pl.event ?? null,
    text,
  };
}

export async function presentAll(db: Database, rows: NotificationRow[], locale: Locale): Promise<Notification[]> {
  if (rows.length === 0) return [];
  const names = await namesFor(db, rows);
  return rows.map((r) => present(r, names, locale));
}

/**
 * Where a notification leads in the web app (the bell's link and a push's click): the child's diary tab it is
 * about, the sessions page for account events.
 */
export function targetOf(n: Pick<Notification, 'kind' | 'student'>): string | null {
  if (n.kind === 'security') return '/sessions';
  if (!n.student) return null;
  const tab = n.kind === 'mark' || n.kind === 'termGrade' ? 'marks' : n.kind === 'homework' ? 'homework' : 'week';
  return `/diary?student=${n.student.personId}&tab=${tab}`;
}
