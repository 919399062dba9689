import { policyFor, roundHalfUp } from '@common/assessment/index.js';
import type { DiaryDistribution, DistributionSetting } from '@common/schemas/diary.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../errors.js';
import { allow } from '../../policies/index.js';
import type { AuditOrigin } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { institutionWithSettings, readableSettings, writeSwitch } from '../institutions/institution-settings.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { diaryStudent } from './diary.access.js';
import { studentWork, workScores } from './distribution.repository.js';

/**
 * The anonymised class distribution of a СОр / СОч (issue 7 §1). Counts per band of the scale, never names or
 * ids, and only where the school has switched it on (off by default: migration 0021). Three statements: the
 * student check, the work with the school's switch, the scores.
 */

/**
 * Fewer scores than this and the histogram is withheld: with three or four pupils a parent who knows two of the
 * others' results can work out the rest (and a single-pupil band names its pupil outright to anyone who knows
 * who was absent). Five is the usual small-cell floor of school statistics publishing.
 */
export const MIN_SCORES = 5;

type Band = DiaryDistribution['bands'][number]['grade'];

export async function workDistribution(
  deps: AppDeps,
  actor: Actor,
  studentId: number,
  workId: number,
): Promise<DiaryDistribution> {
  const student = await diaryStudent(deps, actor, studentId);
  const work = await studentWork(deps.db, student.schoolId, studentId, workId);
  if (!work) throw notFound();
  const base = { workId: work.id, kind: work.kind, maxScore: work.maxScore, bands: [], own: null };
  if (!work.allowed) return { ...base, hidden: 'disabled' };
  const scores = await workScores(deps.db, student.schoolId, work.id, startYearOf(work.date), studentId);
  if (scores.length < MIN_SCORES) return { ...base, hidden: 'tooFew' };
  // The bands of the scale of the work's year (40 / 65 / 85 %), the percent rounded as the engine rounds it.
  const policy = policyFor(startYearOf(work.date));
  const th = policy?.thresholds ?? { three: 40, four: 65, five: 85 };
  const bandOf = (score: number): Band => {
    const pct = work.maxScore > 0 ? roundHalfUp((score / work.maxScore) * 100) : 0;
    return pct >= th.five ? '5' : pct >= th.four ? '4' : pct >= th.three ? '3' : '2';
  };
  const bands: DiaryDistribution['bands'] = [
    { grade: '2', from: 0, to: th.three - 1, count: 0 },
    { grade: '3', from: th.three, to: th.four - 1, count: 0 },
    { grade: '4', from: th.four, to: th.five - 1, count: 0 },
    { grade: '5', from: th.five, to: 100, count: 0 },
  ];
  let own: Band | null = null;
  for (const s of scores) {
    const band = bandOf(Number(s.score));
    bands.find((b) => b.grade === band)!.count++;
    if (s.own) own = band;
  }
  return { ...base, hidden: null, bands, own };
}

// ── The school's switch ─────────────────────────────────────────────────────────────────────────────────────

function loadSetting(deps: AppDeps, actor: Actor, id: number) {
  return readableSettings(actor, () =>
    institutionWithSettings(deps, id)
      .select((eb) => [
        'i.id',
        'i.ancestors',
        'i.kind',
        eb.fn.coalesce('s.classDistribution', sql<boolean>`false`).as('classDistribution'),
      ])
      .executeTakeFirst(),
  );
}

const presentSetting = (actor: Actor, row: Awaited<ReturnType<typeof loadSetting>>): DistributionSetting => ({
  institutionId: row.id,
  classDistribution: row.classDistribution,
  canChange: row.kind === 'school' && allow(actor, 'institution.settings', row),
});

export async function getDistributionSetting(deps: AppDeps, actor: Actor, id: number) {
  return presentSetting(actor, await loadSetting(deps, actor, id));
}

export async function setDistributionSetting(
  deps: AppDeps,
  actor: Actor,
  id: number,
  classDistribution: boolean,
  origin: AuditOrigin,
) {
  const row = await loadSetting(deps, actor, id);
  if (!presentSetting(actor, row).canChange) throw forbidden();
  await writeSwitch(deps, actor, origin, {
    institutionId: id,
    key: 'classDistribution',
    before: row.classDistribution,
    after: classDistribution,
    action: 'institution.distributionSettingChanged',
  });
  return presentSetting(actor, await loadSetting(deps, actor, id));
}
