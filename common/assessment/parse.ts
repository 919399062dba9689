import type { AssessmentPolicy, Grade, Score } from './types.js';
import { AssessmentInputError, checkFo, checkScore } from './validate.js';

/**
 * Text forms shared by the CLI (scripts/grade.ts) and the calculator page: "10,9,8" for ФО marks, "3/10,20/20"
 * for works, "5,4,4,5" for period grades. Every parser validates against the rules (§1.3, §1.4) and throws an
 * AssessmentInputError naming the bad token.
 */

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const SCORE = new RegExp(String.raw`^(${NUMBER})\s*/\s*(${NUMBER})$`);

function tokens(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/[,;\s]+/).filter((t) => t !== '');
}

/** "10, 9 8" → [10, 9, 8]; whole marks within the policy's ФО scale. */
export function parseFoList(text: string, policy: AssessmentPolicy): number[] {
  const marks = tokens(text).map((t) => {
    if (!/^\d+$/.test(t)) throw new AssessmentInputError('malformed', `Not a formative mark: "${t}"`);
    return Number(t);
  });
  checkFo(marks, policy);
  return marks;
}

/** "3/10" → {score: 3, max: 10}; 0 ≤ score ≤ max, max > 0 (half points allowed: "7.5/10"). */
export function parseScore(text: string): Score {
  const m = SCORE.exec(text.trim());
  if (!m) throw new AssessmentInputError('malformed', `Not a score (expected points/max, e.g. 17/20): "${text}"`);
  const score = { score: Number(m[1]), max: Number(m[2]) };
  checkScore(score);
  return score;
}

/** "3/10,20/20" → two works. */
export function parseScoreList(text: string): Score[] {
  return text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map(parseScore);
}

/** "5,4,4,5" (also "na" / "н/а" for a period not attested) → period grades for `yearGrade`. */
export function parsePeriodGrades(text: string): Array<Grade | 'na'> {
  return tokens(text).map((t) => {
    if (/^(na|н\/а|n\/a)$/i.test(t)) return 'na';
    if (!/^[2-5]$/.test(t)) throw new AssessmentInputError('malformed', `Not a period grade (2..5 or na): "${t}"`);
    return Number(t) as Grade;
  });
}
