/**
 * `npm run --silent grade -- --year 2025-2026 --fo 10,10,10,10 --sor 3/10,20/20 --soch 84/100`
 * prints one JSON object {"percent": <full precision | null>, "grade": 2|3|4|5|"na"|null} — the assessment
 * engine (common/assessment, docs/assessment.md) on the command line. Bad input → a message on stderr, exit 1.
 */
import { parseArgs } from 'node:util';
import {
  AssessmentInputError,
  parseAcademicYear,
  parseFoList,
  parsePeriodGrades,
  parseScore,
  parseScoreList,
  policyFor,
  type Score,
  SOR_AGGREGATIONS,
  type SorAggregation,
  termResult,
  yearGrade,
} from '../common/assessment/index.js';

const HELP = `Usage: npm run --silent grade -- --year 2025-2026 [options]

  --year Y            academic year: 2025-2026 (or 2025); picks the assessment policy of that year
  --fo LIST           formative marks 1..10, e.g. 10,9,8
  --sor LIST          unit summatives as points/max, e.g. 3/10,20/20
  --soch S            term summative: points/max (84/100), "missed" (→ "na", not attested)
                      or "pending" (not written yet: the running result); omitted = pending
  --no-soch           the period has no term summative (1-hour subjects per half-year: ФО 50 % + СОр 50 %)
  --variant V         СОр aggregation: pooled (default) | mean | pooled-with-fo
  --grade-level N     the pupil's grade 0..12 (grade 1 is ungraded → "grade": null)
  --exempt            exempt from the subject (→ "grade": null)
  --region CODE       a region's own policy, when there is one
  --year-grade LIST   a year grade from period grades instead, e.g. 5,4,4,5 (na = not attested)

Prints {"percent": number|null, "grade": 2|3|4|5|"na"|null}.`;

class UsageError extends Error {}

export function run(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      year: { type: 'string' },
      fo: { type: 'string' },
      sor: { type: 'string' },
      soch: { type: 'string' },
      'no-soch': { type: 'boolean' },
      variant: { type: 'string' },
      'grade-level': { type: 'string' },
      exempt: { type: 'boolean' },
      region: { type: 'string' },
      'year-grade': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return HELP;

  if (values['year-grade'] !== undefined) {
    const termOptions = ['fo', 'sor', 'soch', 'no-soch', 'variant', 'exempt'] as const;
    const clash = termOptions.find((o) => values[o] !== undefined);
    if (clash) throw new UsageError(`--year-grade cannot be combined with --${clash}`);
    return JSON.stringify({ percent: null, grade: yearGrade(parsePeriodGrades(values['year-grade'])) });
  }

  if (values.year === undefined) throw new UsageError('--year is required, e.g. --year 2025-2026');
  const startYear = parseAcademicYear(values.year);
  if (startYear === null) throw new UsageError(`Not an academic year (expected e.g. 2025-2026): "${values.year}"`);
  const policy = policyFor(startYear, values.region);
  if (!policy) {
    throw new UsageError(
      `No assessment policy for ${startYear}-${startYear + 1}: criteria-based assessment starts in 2016-2017`,
    );
  }
  const variant = values.variant ?? policy.sorAggregation;
  if (!(SOR_AGGREGATIONS as readonly string[]).includes(variant)) {
    throw new UsageError(`--variant must be one of ${SOR_AGGREGATIONS.join(', ')}: "${variant}"`);
  }
  let gradeLevel: number | undefined;
  if (values['grade-level'] !== undefined) {
    if (!/^\d{1,2}$/.test(values['grade-level']) || Number(values['grade-level']) > 12) {
      throw new UsageError(`--grade-level must be 0..12: "${values['grade-level']}"`);
    }
    gradeLevel = Number(values['grade-level']);
  }
  const hasSoch = !values['no-soch'];
  if (!hasSoch && values.soch !== undefined) throw new UsageError('--soch and --no-soch contradict each other');
  let soch: Score | null | 'missed' = null;
  const sochText = values.soch?.trim().toLowerCase();
  if (sochText === 'missed' || sochText === 'na' || sochText === 'н/а') soch = 'missed';
  else if (sochText !== undefined && sochText !== 'pending' && sochText !== 'none') soch = parseScore(sochText);

  const result = termResult({
    policy,
    fo: parseFoList(values.fo ?? '', policy),
    sor: parseScoreList(values.sor ?? ''),
    soch,
    hasSoch,
    exempt: values.exempt ?? false,
    gradeLevel,
    variant: variant as SorAggregation,
  });
  return JSON.stringify({ percent: result.percent, grade: result.grade });
}

// Run only as a script (the test imports nothing from here, it spawns the CLI for real).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('grade.ts')) {
  try {
    process.stdout.write(`${run(process.argv.slice(2))}\n`);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof AssessmentInputError;
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs' own errors (unknown option, missing value) carry a code: they are usage errors too.
    const usage = known || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`grade: ${message}${usage ? '' : ' (unexpected)'}\n`);
    if (usage) process.stderr.write('Run with --help for the options.\n');
    process.exitCode = 1;
  }
}
