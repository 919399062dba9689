import type { FillInItem, FillInReport, FillInTeacher } from '@common/schemas/reports.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { type AssignmentRow, listAssignments } from '../journal/journal.repository.js';
import { periodAssignments } from '../journal/period-assignments.js';
import { reportPeriod } from './performance.service.js';
import { reportsSchool } from './reports.access.js';
import { heldLessonGaps, sochWorks, teacherNames } from './reports.repository.js';

/**
 * The journal fill-in status per teacher for a period (issue 5 §5): lessons already held (date ≤ the school's
 * today) without a topic or with neither attendance nor a mark, assignments with a СОч this period but no СОч work
 * yet, and written СОч works with pupils still unscored. A held lesson counts for whoever held it (the substitute
 * when there was one); works and missing СОч for the assignment's teacher.
 */
export async function fillInStatus(deps: AppDeps, actor: Actor, periodId: number): Promise<FillInReport> {
  const school = reportsSchool(actor);
  const period = await reportPeriod(deps, school.id, periodId);
  const today = localDate(deps.clock.now());
  const heldTo = [today, period.endsOn].sort()[0]!; // ISO dates: the earlier one
  const [allAssignments, periodOnes, gaps] = await Promise.all([
    listAssignments(reportsDb(deps), school.id, 0, { all: true }),
    periodAssignments(reportsDb(deps), school.id, period, null),
    heldLessonGaps(reportsDb(deps), school.id, period.startsOn, heldTo),
  ]);
  const withSoch = periodOnes.filter((a) => {
    const m = assessmentModeOf(a);
    return m.mode === 'graded' && m.hasTermSummative;
  });
  const works = await sochWorks(
    reportsDb(deps),
    school.id,
    period.id,
    withSoch.map((a) => a.id),
  );

  // A lesson belongs to the assignment of its class × subject × sub-group (of the period's year).
  const ofYear = allAssignments.filter((a) => a.yearId === period.yearId);
  const byKey = new Map(ofYear.map((a) => [`${a.classId}:${a.subjectId}:${a.subgroupId ?? ''}`, a]));
  const items = new Map<string, FillInItem & { teacherPersonId: number }>();
  const itemOf = (teacherPersonId: number, a: AssignmentRow) => {
    const key = `${teacherPersonId}:${a.id}`;
    let it = items.get(key);
    if (!it) {
      it = {
        teacherPersonId,
        assignmentId: a.id,
        classLabel: className(a),
        subject: { kk: a.nameKk, ru: a.nameRu, en: a.nameEn },
        subgroupName: a.subgroupName,
        noTopic: [],
        empty: [],
        missingSoch: false,
        unscoredSoch: [],
      };
      items.set(key, it);
    }
    return it;
  };
  for (const g of gaps) {
    const a = byKey.get(`${g.classId}:${g.subjectId}:${g.subgroupId ?? ''}`);
    if (!a) continue; // a lesson without an assignment (removed since) has no journal to fill
    const it = itemOf(g.teacherPersonId, a);
    if (g.noTopic) it.noTopic.push(g.date);
    if (g.empty) it.empty.push(g.date);
  }
  const hasSoch = new Set(works.map((w) => w.assignmentId));
  for (const a of withSoch) if (!hasSoch.has(a.id)) itemOf(a.teacherPersonId, a).missingSoch = true;
  const byId = new Map(withSoch.map((a) => [a.id, a]));
  for (const w of works) {
    if (w.date > today || w.unscored === 0) continue; // not written yet, or complete
    const a = byId.get(w.assignmentId)!;
    itemOf(a.teacherPersonId, a).unscoredSoch.push({
      workId: w.id,
      title: w.title,
      date: w.date,
      students: w.unscored,
    });
  }

  const names = await teacherNames(reportsDb(deps), [...new Set([...items.values()].map((i) => i.teacherPersonId))]);
  const teachers = new Map<number, FillInTeacher>();
  for (const { teacherPersonId, ...item } of items.values()) {
    let t = teachers.get(teacherPersonId);
    if (!t) {
      t = {
        teacherPersonId,
        name: names.get(teacherPersonId) ?? '',
        noTopic: 0,
        empty: 0,
        missingSoch: 0,
        unscoredSoch: 0,
        items: [],
      };
      teachers.set(teacherPersonId, t);
    }
    t.noTopic += item.noTopic.length;
    t.empty += item.empty.length;
    t.missingSoch += item.missingSoch ? 1 : 0;
    t.unscoredSoch += item.unscoredSoch.length;
    t.items.push(item);
  }
  const list = [...teachers.values()].sort((x, y) => x.name.localeCompare(y.name, 'kk'));
  for (const t of list) t.items.sort((x, y) => x.classLabel.localeCompare(y.classLabel, 'kk', { numeric: true }));
  return {
    period: {
      id: period.id,
      kind: period.kind,
      number: period.number,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
    },
    today,
    teachers: list,
  };
}
