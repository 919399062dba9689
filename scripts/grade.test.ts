import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KZ_2020, termResult } from '../common/assessment/index.js';

/** Spawns the real CLI (scripts/grade.ts) — the same process a user runs. */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./grade.ts', import.meta.url));

async function grade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const EXAMPLE = ['--year', '2025-2026', '--fo', '10,10,10,10', '--sor', '3/10,20/20', '--soch', '84/100'];

describe('npm run grade (issue 5 §3 CLI)', () => {
  it('the issue example through npm prints exactly one JSON object: the engine result (§1.6 variant A)', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'grade', '--', ...EXAMPLE], { cwd: ROOT });
    const expected = termResult({
      policy: KZ_2020,
      fo: [10, 10, 10, 10],
      sor: [
        { score: 3, max: 10 },
        { score: 20, max: 20 },
      ],
      soch: { score: 84, max: 100 },
      hasSoch: true,
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ percent: expected.percent, grade: 5 });
    expect(JSON.parse(stdout).percent).toBeCloseTo(86.1667, 4);
  });

  it.concurrent.each([
    ['variant mean (§1.6 B = 83.25)', [...EXAMPLE, '--variant', 'mean'], { percent: 83.25, grade: 4 }],
    ['variant pooled-with-fo (§1.6 C = 87)', [...EXAMPLE, '--variant', 'pooled-with-fo'], { percent: 87, grade: 5 }],
    [
      '--no-soch: half-year ФО 50 % + СОр 50 %',
      ['--year', '2025-2026', '--fo', '10,10,10,10', '--sor', '3/10,20/20', '--no-soch'],
      { percent: 50 + (23 / 30) * 50, grade: 5 },
    ],
    ['--grade-level 1 is ungraded', [...EXAMPLE, '--grade-level', '1'], { percent: null, grade: null }],
    ['--soch missed is н/а', [...EXAMPLE.slice(0, 6), '--soch', 'missed'], { percent: null, grade: 'na' }],
    ['--exempt has no grade', [...EXAMPLE, '--exempt'], { percent: null, grade: null }],
    ['pre-2020 policy (СОр 50 + СОч 50)', ['--year', '2019-2020', ...EXAMPLE.slice(2)], { percent: 80.33, grade: 4 }],
    [
      'exactly 64.5 % → «4»',
      ['--year', '2025', '--fo', '10', '--sor', '0/10', '--soch', '79/100'],
      { percent: 64.5, grade: 4 },
    ],
    ['--year-grade 5,4,4,5 → 4.5 → «5» (§1.7)', ['--year-grade', '5,4,4,5'], { percent: null, grade: 5 }],
    ['--year-grade 4,3,4,3 → 3.5 → «4» (§1.7)', ['--year-grade', '4,3,4,3'], { percent: null, grade: 4 }],
  ] as const)('%s', async (_name, args, expected) => {
    const { code, stdout } = await grade([...args]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { percent: number | null; grade: unknown };
    expect(out.grade).toBe(expected.grade);
    if (expected.percent === null) expect(out.percent).toBeNull();
    else expect(out.percent).toBeCloseTo(expected.percent, 2);
  });

  it.concurrent.each([
    ['an unknown year', ['--year', '2015-2016', '--fo', '10'], /No assessment policy for 2015-2016/],
    ['a malformed year', ['--year', '2025-2027', '--fo', '10'], /Not an academic year/],
    ['a score above its maximum (12/10)', ['--year', '2025-2026', '--sor', '12/10'], /from 0 to its maximum: 12\/10/],
    ['a zero maximum (3/0)', ['--year', '2025-2026', '--soch', '3/0'], /maximum must be a positive number/],
    ['letters as a score', ['--year', '2025-2026', '--sor', 'abc'], /Not a score/],
    ['a ФО mark of 11', ['--year', '2025-2026', '--fo', '10,11'], /whole number from 1 to 10: 11/],
    ['an unknown variant', [...EXAMPLE, '--variant', 'median'], /--variant must be one of/],
    ['an unknown option', [...EXAMPLE, '--bogus'], /Unknown option '--bogus'/],
    ['no year', ['--fo', '10'], /--year is required/],
    ['--soch with --no-soch', [...EXAMPLE, '--no-soch'], /contradict/],
    ['a bad period grade', ['--year-grade', '5,6'], /Not a period grade/],
  ] as const)('refuses %s on stderr with a non-zero exit', async (_name, args, message) => {
    const { code, stdout, stderr } = await grade([...args]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/unexpected|at .*\.ts:\d+/);
  });
});
