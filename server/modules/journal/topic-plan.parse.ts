import { TOPIC_MAX_HOURS, TOPIC_MAX_LENGTH, TOPIC_PLAN_MAX_ROWS } from '@common/schemas/topic-plans.js';
import type { TFunction } from 'i18next';
import { AppError } from '../../errors.js';
import { parseCsv } from '../imports/parse/csv.js';
import { detectType } from '../imports/parse/detect.js';
import { toSheet } from '../imports/parse/sheet.js';
import { parseXlsx } from '../imports/parse/xlsx.js';

/**
 * Reads a topic plan (КТП) from XLSX or CSV with the imports' readers: a header row (found among the first rows,
 * under a title line if there is one) naming the topic column — Тақырып / Тема / Topic — and optionally № and
 * hours — Сағат / Часы / Hours. Every row is checked; any error refuses the whole file with the row numbers
 * (nothing is stored), so a teacher fixes the file once.
 */

export interface ParsedPlan {
  items: Array<{ position: number; topic: string; hours: number }>;
}

type Column = 'number' | 'topic' | 'hours';

/** Lower-case, without punctuation around words, so «Тақырып:», «ТЕМА УРОКА» and «Hours.» match. */
const norm = (s: string) =>
  s
    .toLocaleLowerCase('ru')
    .replace(/[.:;()"«»*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function columnOf(header: string): Column | null {
  const h = norm(header);
  if (h === '') return null;
  if (/^(№|#|n|no|nr|номер|нөмір|р\/с|п\/п|№ п\/п|№ р\/с)$/.test(h) || h.startsWith('№')) return 'number';
  // Whole words only: «Календарно-тематический план» (a title) is not a topic header, «Часть речи» not hours.
  if (/(^|\s)(сағат\S*|час(ы|ов|а)?|hours?)(\s|$)/.test(h)) return 'hours';
  if (/(^|\s)(тақырып\S*|тема|темы|topics?)(\s|$)/.test(h)) return 'topic';
  return null;
}

/** Row problems, in file order; at most this many are reported (the rest are counted). */
const MAX_REPORTED = 50;

function readHours(text: string): number | null {
  if (text === '') return 1;
  const m = /^(\d{1,3})(?:[.,]0+)?$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= TOPIC_MAX_HOURS ? n : null;
}

export async function parseTopicPlan(bytes: Buffer, fileName: string, t: TFunction): Promise<ParsedPlan> {
  const type = detectType(bytes, fileName, 'people');
  const raw = type === 'xlsx' ? await parseXlsx(bytes) : parseCsv(bytes);
  // The header row: the first (of the first ten) naming two known columns, else the first naming the topic
  // column alone — so a title line above a single «Тема» column is skipped too.
  const rows = raw.filter((r) => r.cells.some((c) => c !== ''));
  const known = (r: { cells: string[] }) => r.cells.map(columnOf).filter((c) => c !== null);
  const first = rows.slice(0, 10);
  let header = first.findIndex((r) => known(r).length >= 2);
  if (header < 0) header = first.findIndex((r) => known(r).includes('topic'));
  let sheet: ReturnType<typeof toSheet>;
  try {
    // Handed over starting at that row, which toSheet then takes as the header (it recognises nothing itself).
    sheet = toSheet(rows.slice(Math.max(0, header)), () => false, Number.MAX_SAFE_INTEGER);
  } catch (error) {
    if (error instanceof AppError && error.code === 'imports.file.noRows') throw new AppError(422, 'topicPlans.noRows');
    throw error;
  }
  const columns = sheet.headers.map(columnOf);
  const topicAt = columns.indexOf('topic');
  const hoursAt = columns.indexOf('hours');
  if (topicAt < 0) throw new AppError(422, 'topicPlans.noTopicColumn');
  if (sheet.rows.length > TOPIC_PLAN_MAX_ROWS) {
    throw new AppError(422, 'topicPlans.tooManyRows', { count: sheet.rows.length, max: TOPIC_PLAN_MAX_ROWS });
  }
  const issues: Array<{ path: string; message: string }> = [];
  let problems = 0;
  const problem = (row: number, key: string, params: Record<string, string | number> = {}) => {
    problems += 1;
    if (issues.length < MAX_REPORTED) {
      issues.push({ path: `row.${row}`, message: t(`topicPlans.row.${key}`, { ns: 'errors', row, ...params }) });
    }
  };
  const items: ParsedPlan['items'] = [];
  for (const r of sheet.rows) {
    const topic = r.cells[topicAt] ?? '';
    const hoursText = hoursAt < 0 ? '' : (r.cells[hoursAt] ?? '');
    if (topic === '') problem(r.rowNumber, 'topicEmpty');
    else if (topic.length > TOPIC_MAX_LENGTH) problem(r.rowNumber, 'topicTooLong', { max: TOPIC_MAX_LENGTH });
    const hours = readHours(hoursText);
    if (hours === null) problem(r.rowNumber, 'hoursInvalid', { max: TOPIC_MAX_HOURS, value: hoursText.slice(0, 20) });
    items.push({ position: items.length + 1, topic, hours: hours ?? 1 });
  }
  if (problems > 0) throw new AppError(422, 'topicPlans.invalidRows', { count: problems }, { issues });
  return { items };
}
