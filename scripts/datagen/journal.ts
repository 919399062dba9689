import { teachingDates } from '@common/calendar.js';
import { markYearStart } from '../../server/modules/journal/mark-partitions.js';
import type { DayOffRow, PeriodRow, YearRow } from '../../server/modules/school-year/school-year.queries.js';
import type { Cell, Row } from './bulk.js';
import type { AssignmentPlan, SchoolPlan } from './plan.js';
import { clamp, type Rng } from './random.js';
import type { EntryPlan } from './timetable.js';

/**
 * The journal of the generated weeks, with the distributions of a real school (kz-school-rules §1, §3):
 * - ФО (1–10) for about a third of the present pupils per lesson of a graded subject, mostly 7–10; a pupil's
 *   marks follow their ability, so the few weak pupils (≈ 3 %) end the quarter with «2»;
 * - СОр: 2–3 per term per subject (1-hour subjects per half-year), spread through the term, max 10–20 points;
 *   СОч in the last two weeks of a quarter for subjects with a term summative, never on the term's last day,
 *   at most 3 a class a day, never on a day with a СОр of the same subject (the rules works.service checks);
 * - зачёт marks now and then in pass/fail subjects; nothing in ungraded ones (grade 1);
 * - attendance: ≈ 2 % of lessons with a single absence (н/п/б/о) plus sick spells of 1–4 whole days for about
 *   one pupil in four per quarter — 3–5 % absent in all; only absences are stored (no row = present);
 * - a topic on every lesson, homework on ≈ 60 %, due at the subject's next lesson.
 */
export interface LessonRow {
  id: number;
  date: string;
  lessonNumber: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherPersonId: number;
  periodId: number | null;
  timetableEntryId: number | null;
}

export interface JournalRows {
  topics: Array<[number, string]>;
  works: Row[];
  marks: Row[];
  attendance: Row[];
  homework: Row[];
  /** Rows without their id yet (reserved by the caller once the counts are known). */
  counts: { works: number; marks: number; homework: number };
}

const TOPICS = {
  kk: ['Жаңа тақырып', 'Қайталау', 'Практикалық жұмыс', 'Бекіту', 'Зертханалық жұмыс', 'Есептер шығару'],
  ru: ['Новая тема', 'Повторение', 'Практическая работа', 'Закрепление', 'Лабораторная работа', 'Решение задач'],
};
const homeworkText = (rng: Rng, lang: 'kk' | 'ru', k: number) => {
  const p = rng.int(10, 180);
  const n = rng.int(1, 40);
  const kk = [`§${k}, ${n}-жаттығу`, `${p}–${p + 2} беттерді оқу`, 'Тақырыпты қайталау', `№ ${n}, ${n + 1} есептер`];
  const ru = [`§${k}, упр. ${n}`, `Прочитать с. ${p}–${p + 2}`, 'Повторить тему', `Задачи № ${n}, ${n + 1}`];
  return rng.pick(lang === 'kk' ? kk : ru);
};
const at = (date: string) => `${date} 10:00:00+05`;

export function planJournal(
  rng: Rng,
  ctx: {
    schoolId: number;
    plan: SchoolPlan;
    entries: EntryPlan[];
    lessons: LessonRow[];
    year: YearRow;
    periods: PeriodRow[];
    daysOff: DayOffRow[];
    to: string;
  },
): { rows: JournalRows; ids: (first: { works: number; marks: number; homework: number }) => void } {
  const { schoolId, plan, lessons, periods, daysOff, year } = ctx;
  const assignmentOfEntry = new Map(ctx.entries.map((e) => [e.id, e.assignmentId]));
  const assignment = new Map(plan.assignments.map((a) => [a.id, a]));
  const mode = new Map(plan.modes.map((m) => [`${m.subjectId}|${m.grade}`, m]));
  const ability = new Map(plan.students.map((s) => [s.id, s.ability]));
  const groupOf = (a: AssignmentPlan) => {
    const c = plan.classes[a.classIndex]!;
    return a.subgroupIndex === null ? c.students.map((s) => s.id) : c.subgroups[a.subgroupIndex]!.members;
  };

  // Lessons per assignment, in time order (the database returned them ordered by date and number).
  const byAssignment = new Map<number, LessonRow[]>();
  for (const l of lessons) {
    const aid = l.timetableEntryId === null ? undefined : assignmentOfEntry.get(l.timetableEntryId);
    if (aid === undefined) continue;
    const list = byAssignment.get(aid);
    if (list) list.push(l);
    else byAssignment.set(aid, [l]);
  }

  // ── Attendance: sick spells (whole days) and single absences ───────────────────────────────────────────
  const dateSets = new Map<number, Set<string>>();
  for (const l of lessons) {
    const set = dateSets.get(l.classId) ?? new Set<string>();
    set.add(l.date);
    dateSets.set(l.classId, set);
  }
  const classDates = new Map([...dateSets].map(([id, set]) => [id, [...set].sort()]));
  const sick = new Set<string>(); // `${student}|${date}`
  const weeks = Math.max(1, (classDates.get(plan.classes[0]!.id)?.length ?? 5) / 5);
  for (const c of plan.classes) {
    const dates = classDates.get(c.id) ?? [];
    for (const s of c.students) {
      if (dates.length === 0 || !rng.chance(Math.min(0.6, 0.035 * weeks))) continue;
      const start = rng.int(0, dates.length - 1);
      const len = rng.int(1, 4);
      for (let d = start; d < Math.min(dates.length, start + len); d++) sick.add(`${s.id}|${dates[d]}`);
    }
  }
  const attendance: Row[] = [];
  const absent = new Set<string>(); // `${student}|${lesson}` — absent (late pupils are present)
  for (const l of lessons) {
    const aid = l.timetableEntryId === null ? undefined : assignmentOfEntry.get(l.timetableEntryId);
    const a = aid === undefined ? undefined : assignment.get(aid);
    if (!a) continue;
    for (const sid of groupOf(a)) {
      let code: 'absent' | 'excused' | 'sick' | 'late' | null = null;
      if (sick.has(`${sid}|${l.date}`)) code = 'sick';
      else if (rng.chance(0.022)) code = rng.weighted({ absent: 0.35, excused: 0.25, sick: 0.15, late: 0.25 });
      if (!code) continue;
      if (code !== 'late') absent.add(`${sid}|${l.id}`);
      attendance.push([schoolId, l.id, sid, code, at(l.date), l.teacherPersonId]);
    }
  }

  // ── Topics and homework ───────────────────────────────────────────────────────────────────────────────
  const topics: Array<[number, string]> = [];
  const homework: Cell[][] = [];
  for (const [aid, list] of byAssignment) {
    const a = assignment.get(aid)!;
    const lang = plan.classes[a.classIndex]!.language;
    list.forEach((l, k) => {
      topics.push([l.id, `§${k + 1}. ${TOPICS[lang][k % TOPICS[lang].length]}`]);
      if (a.code === 'physical_education' || !rng.chance(0.62)) return;
      const next = list[k + 1];
      homework.push([
        schoolId,
        0,
        l.id,
        homeworkText(rng, lang, k + 1),
        next?.date ?? null,
        l.teacherPersonId,
        at(l.date),
        l.teacherPersonId,
        at(l.date),
      ]);
    });
  }

  // ── Works (СОр / СОч) ──────────────────────────────────────────────────────────────────────────────────
  const works: Cell[][] = [];
  const workMarks: Cell[][] = [];
  const sochPerDay = new Map<string, number>();
  const sorDays = new Set<string>(); // `${class}|${subject}|${date}`
  type Soch = { a: AssignmentPlan; period: PeriodRow; list: LessonRow[]; expected: number; lastDay: string };
  const sochQueue: Soch[] = [];
  const addWork = (
    a: AssignmentPlan,
    period: PeriodRow,
    kind: 'sor' | 'soch',
    n: number,
    l: LessonRow,
    max: number,
  ) => {
    const lang = plan.classes[a.classIndex]!.language;
    const title =
      kind === 'sor'
        ? lang === 'kk'
          ? `БЖБ ${n}`
          : `СОр ${n}`
        : lang === 'kk'
          ? `ТЖБ (${period.number})`
          : `СОч (${period.number})`;
    const index = works.length;
    works.push([schoolId, 0, a.id, period.id, kind, title, max, l.date, l.id, a.teacherId, at(l.date), at(l.date)]);
    for (const sid of groupOf(a)) {
      if (absent.has(`${sid}|${l.id}`)) continue;
      const frac = clamp(rng.normal(0.25 + 0.72 * (ability.get(sid) ?? 0.7), 0.12), 0, 1);
      workMarks.push([
        schoolId,
        0,
        sid,
        null,
        index,
        'score',
        null,
        Math.round(frac * max),
        null,
        at(l.date),
        a.teacherId,
        at(l.date),
        a.teacherId,
        markYearStart(l.date),
      ]);
    }
  };
  for (const a of plan.assignments) {
    const c = plan.classes[a.classIndex]!;
    const m = mode.get(`${a.subjectId}|${c.grade}`);
    const list = byAssignment.get(a.id) ?? [];
    if (m?.mode !== 'graded' || list.length === 0) continue;
    const weekly = new Map<number, number>();
    for (const e of ctx.entries) if (e.assignmentId === a.id) weekly.set(e.weekday, (weekly.get(e.weekday) ?? 0) + 1);
    for (const period of periods.filter((p) => p.kind === m.periodKind && p.startsOn <= ctx.to)) {
      const dates = teachingDates({
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        daysPerWeek: year.daysPerWeek,
        daysOff,
        grade: c.grade,
      });
      const weekday = (d: string) => ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      const expected = dates.reduce((s, d) => s + (weekly.get(weekday(d)) ?? 0), 0);
      const inPeriod = list.filter((l) => l.date >= period.startsOn && l.date <= period.endsOn);
      const sors = a.hours >= 3 ? 3 : 2;
      for (let j = 0; j < sors; j++) {
        const l = inPeriod[Math.floor((expected * (j + 1)) / (sors + 1)) - 1];
        if (!l) continue;
        sorDays.add(`${c.id}|${a.subjectId}|${l.date}`);
        addWork(a, period, 'sor', j + 1, l, rng.pick([10, 15, 20]));
      }
      if (m.hasTermSummative && period.kind === 'quarter' && period.endsOn <= ctx.to && dates.length > 0) {
        sochQueue.push({ a, period, list: inPeriod, expected, lastDay: dates[dates.length - 1]! });
      }
    }
  }
  for (const { a, period, list, lastDay } of sochQueue) {
    const c = plan.classes[a.classIndex]!;
    const candidates = list.slice(Math.max(0, list.length - 10)).reverse();
    const l = candidates.find(
      (x) =>
        x.date < lastDay &&
        (sochPerDay.get(`${c.id}|${x.date}`) ?? 0) < 3 &&
        !sorDays.has(`${c.id}|${a.subjectId}|${x.date}`),
    );
    if (!l) continue;
    sochPerDay.set(`${c.id}|${l.date}`, (sochPerDay.get(`${c.id}|${l.date}`) ?? 0) + 1);
    addWork(a, period, 'soch', 1, l, rng.pick([20, 25, 30]));
  }

  // ── ФО and зачёт marks on lessons ──────────────────────────────────────────────────────────────────────
  const marks: Cell[][] = [];
  const offset = new Map<string, number>();
  for (const [aid, list] of byAssignment) {
    const a = assignment.get(aid)!;
    const c = plan.classes[a.classIndex]!;
    const m = mode.get(`${a.subjectId}|${c.grade}`);
    if (!m || m.mode === 'ungraded') continue;
    for (const l of list) {
      for (const sid of groupOf(a)) {
        if (absent.has(`${sid}|${l.id}`)) continue;
        const ab = ability.get(sid) ?? 0.7;
        if (m.mode === 'pass_fail') {
          if (!rng.chance(0.12)) continue;
          const status = ab < 0.25 && rng.chance(0.4) ? 'fail' : 'pass';
          marks.push([
            schoolId,
            0,
            sid,
            l.id,
            null,
            'pass_fail',
            null,
            null,
            status,
            at(l.date),
            a.teacherId,
            at(l.date),
            a.teacherId,
            markYearStart(l.date),
          ]);
          continue;
        }
        if (!rng.chance(0.36)) continue;
        const key = `${sid}|${a.subjectId}`;
        if (!offset.has(key)) offset.set(key, rng.normal(0, 0.6));
        const value = Math.round(clamp(rng.normal(3.6 + 6.2 * ab + offset.get(key)!, 1.1), 1, 10));
        marks.push([
          schoolId,
          0,
          sid,
          l.id,
          null,
          'fo',
          value,
          null,
          null,
          at(l.date),
          a.teacherId,
          at(l.date),
          a.teacherId,
          markYearStart(l.date),
        ]);
      }
    }
  }

  const allMarks = [...marks, ...workMarks];
  const rows: JournalRows = {
    topics,
    works,
    marks: allMarks,
    attendance,
    homework,
    counts: { works: works.length, marks: allMarks.length, homework: homework.length },
  };
  return {
    rows,
    ids: (first) => {
      works.forEach((w, i) => {
        w[1] = first.works + i;
      });
      allMarks.forEach((m, i) => {
        m[1] = first.marks + i;
        // A work mark holds its work's index until the works have ids.
        if (m[4] !== null) m[4] = first.works + (m[4] as number);
      });
      homework.forEach((h, i) => {
        h[1] = first.homework + i;
      });
    },
  };
}

export const WORK_COLUMNS = [
  'school_id',
  'id',
  'assignment_id',
  'period_id',
  'kind',
  'title',
  'max_score',
  'date',
  'lesson_id',
  'created_by',
  'created_at',
  'updated_at',
] as const;
export const MARK_COLUMNS = [
  'school_id',
  'id',
  'student_person_id',
  'lesson_id',
  'work_id',
  'kind',
  'value',
  'score',
  'status',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  // last, so the positions the id fix-up writes (id, work_id) stay put
  'year_start',
] as const;
export const ATTENDANCE_COLUMNS = [
  'school_id',
  'lesson_id',
  'student_person_id',
  'code',
  'updated_at',
  'updated_by',
] as const;
export const HOMEWORK_COLUMNS = [
  'school_id',
  'id',
  'lesson_id',
  'text',
  'due_date',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
] as const;
