import { addDays, isoWeekday } from '@common/calendar.js';
import type { Manifest, SchoolSample } from '../datagen/manifest.js';
import type { Session, Sessions } from './sessions.js';

/** One HTTP request of a scenario, with what to do with its answer (writes track the versions they made). */
export interface BenchRequest {
  method: 'GET' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The scenario it belongs to (the mixed profile counts per kind). */
  kind: string;
  /** Marks this request writes (mark saves): counted when it succeeds. */
  marks?: number;
  onDone?: (status: number, body: string) => void;
}

export interface Workload {
  next(): BenchRequest;
  /** What the scenario's requests are, for the result file (sizes measured while preparing). */
  shape: Record<string, unknown>;
}

/** §3's target for a scenario, checked against the measured figures in the summary. */
export interface Target {
  text: string;
  connections: number;
  minRps?: number;
  maxP99Ms?: number;
  maxP95Ms?: number;
  minMarksPerSecond?: number;
  /** Every counted save has its audit rows in the database. */
  noneLost?: boolean;
  maxRssMb?: number;
  minRawRatio?: number;
  zeroErrors?: boolean;
  /** Server process start → listening (module loading and opening the database included). */
  maxReadyMs?: number;
}

export interface PrepareContext {
  baseUrl: string;
  manifest: Manifest;
  sessions: Sessions;
  rng: () => number;
  /** How many journal grids the write scenarios read first (their columns are the cells they save). */
  grids: number;
}

export interface ScenarioDef {
  name: string;
  title: string;
  /** What one request is, for the README and the summary. */
  description: string;
  defaultConnections: number;
  /**
   * Requests per connection instead of a duration: a request taking about a second would mostly be cut off by
   * the end of a short run (autocannon drops what is in flight), so these send a fixed number and wait for all.
   */
  requestsPerConnection?: (seconds: number) => number;
  /** Read-only: its statements can be captured and replayed for the raw-SQL floor. */
  replayable: boolean;
  /** Requests sent (one connection, not measured) before the measured run: what a first reader of the day pays. */
  warmRequests?: number;
  /** The measured server's environment on top of the harness's (the capture server does not get it). */
  serverEnv?: Record<string, string>;
  targets: { pg: Target[]; pglite: Target[] };
  prepare(ctx: PrepareContext, cache: PrepareCache): Promise<Workload | { skipped: string }>;
}

/** Deterministic random numbers (mulberry32): the same seed picks the same users and weeks. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Fisher–Yates: the columns in a random order, the same for the same seed. */
function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const firstPeriod = (school: SchoolSample | null, kind: 'quarter' | 'half_year') => {
  const q = school?.periods.find((p) => p.kind === kind && p.number === 1);
  if (!q) throw new Error(`the manifest has no first ${kind} for a school`);
  return q.id;
};
const quarter1 = (school: SchoolSample | null) => firstPeriod(school, 'quarter');

/** The Mondays of the generated range: each diary request asks for one of these weeks. */
export function weeksOf(range: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = addDays(range.from, 1 - isoWeekday(range.from)); d <= range.to; d = addDays(d, 7)) out.push(d);
  return out;
}

const json = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/json' });

async function getJson(ctx: PrepareContext, session: Session, path: string) {
  const res = await fetch(`${ctx.baseUrl}${path}`, { headers: session.headers });
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as unknown) : null };
}

/** A route that answers 404 to a user entitled to it does not exist (yet): the scenario is skipped, not faked. */
async function routeMissing(ctx: PrepareContext, session: Session | undefined, path: string) {
  if (!session) return 'no such user in the manifest';
  const res = await fetch(`${ctx.baseUrl}${path}`, { headers: session.headers });
  await res.arrayBuffer();
  if (res.status === 404) return `skipped: route missing (GET ${path.split('?')[0]} answered 404)`;
  if (res.status !== 200) return `skipped: GET ${path.split('?')[0]} answered ${res.status}`;
  return null;
}

// ── The journal columns the write scenarios save ────────────────────────────────────────────────────────
interface Cell {
  version: number | null;
  value: number | string | null;
}
interface Column {
  session: Session;
  assignmentId: number;
  lessonId: number;
  cells: Map<number, Cell>;
  /**
   * A save is in flight (or its answer was never read: the run ended): the versions are unknown, so later runs
   * of the same harness leave the column alone.
   */
  busy?: boolean;
}
interface GridBody {
  assessmentMode: { mode: string };
  canWrite: boolean;
  students: Array<{ id: number; enrolledFrom: string; enrolledTo: string | null }>;
  lessons: Array<{ id: number; date: string; status: string }>;
  marks: Array<{ studentId: number; lessonId: number | null; version: number; value: number | string }>;
}

/** A journal a teacher opened successfully while preparing: the grid scenario opens these. */
interface Grid {
  session: Session;
  assignmentId: number;
  periodId: number;
}

/** Shared by the scenarios of one run: the grids are read once. */
export interface PrepareCache {
  columns?: Column[];
  grids?: Grid[];
  gridShape?: { grids: number; avgStudents: number; avgLessons: number; modes: Record<string, number> };
}

async function journalColumns(ctx: PrepareContext, cache: PrepareCache) {
  if (cache.columns) return cache.columns;
  const columns: Column[] = [];
  const grids: Grid[] = [];
  let students = 0;
  let lessons = 0;
  let writable = 0;
  const modes: Record<string, number> = {};
  // Round-robin over teachers and their assignments: the reads and saves spread over many teachers and schools.
  // Up to `grids` writable graded journals (first-graders' are ungraded: no marks to save), reading at most 3× that.
  const enough = () => writable >= ctx.grids || grids.length >= ctx.grids * 3;
  for (let round = 0; !enough() && round < 30; round++) {
    for (const session of ctx.sessions.teacher) {
      if (enough()) break;
      const assignmentId = session.ids[round];
      if (assignmentId === undefined) continue;
      // A half-year subject has no quarters: its first half-year then.
      let periodId = firstPeriod(session.school, 'quarter');
      let res = await getJson(ctx, session, `/api/v1/journal/${assignmentId}?periodId=${periodId}`);
      if (res.status === 404) {
        periodId = firstPeriod(session.school, 'half_year');
        res = await getJson(ctx, session, `/api/v1/journal/${assignmentId}?periodId=${periodId}`);
      }
      if (res.status !== 200) continue;
      const grid = res.body as GridBody;
      grids.push({ session, assignmentId, periodId });
      students += grid.students.length;
      lessons += grid.lessons.length;
      const mode = `${grid.assessmentMode.mode}${grid.canWrite ? '' : ' (read-only)'}`;
      modes[mode] = (modes[mode] ?? 0) + 1;
      if (grid.assessmentMode.mode !== 'graded' || !grid.canWrite) continue;
      writable++;
      for (const lesson of grid.lessons) {
        if (lesson.status !== 'scheduled') continue;
        // Only pupils enrolled on the lesson's day: anyone else is refused, and that would not be a save.
        const enrolled = grid.students.filter(
          (s) => s.enrolledFrom <= lesson.date && (s.enrolledTo === null || lesson.date <= s.enrolledTo),
        );
        if (enrolled.length === 0) continue;
        const cells = new Map<number, Cell>(enrolled.map((s) => [s.id, { version: null, value: null }]));
        for (const m of grid.marks) {
          const cell = m.lessonId === lesson.id ? cells.get(m.studentId) : undefined;
          if (cell) {
            cell.version = m.version;
            cell.value = m.value;
          }
        }
        columns.push({ session, assignmentId, lessonId: lesson.id, cells });
      }
    }
  }
  cache.columns = columns;
  cache.grids = grids;
  cache.gridShape = {
    grids: grids.length,
    avgStudents: grids.length ? Math.round(students / grids.length) : 0,
    avgLessons: grids.length ? Math.round(lessons / grids.length) : 0,
    modes,
  };
  return columns;
}

/** A different ФО mark than the cell holds (an unchanged value is no write and leaves no audit row). */
const nextValue = (v: Cell['value']) => (typeof v === 'number' ? (v >= 10 ? 9 : v + 1) : 8);

/**
 * Column saves: a connection takes a column no other connection holds, sends every pupil's cell with the version
 * it last saw, and on success records the versions the server returned — so no save conflicts by construction,
 * and a 409 would mean a lost update.
 */
function markSaves(columns: Column[], rng: () => number) {
  const free = shuffle([...columns], rng);
  return (): BenchRequest => {
    // Checked when taken, not when the list was made: the mixed profile's list is made before the mark-saves
    // scenario runs, and a column that scenario left in flight has unknown versions now.
    let column = free.shift();
    while (column?.busy) column = free.shift();
    if (!column) throw new Error('mark saves: every column is in flight — read more grids (--grids)');
    column.busy = true;
    const cells = [...column.cells].map(([studentId, c]) => ({
      studentId,
      lessonId: column.lessonId,
      value: nextValue(c.value),
      expectedVersion: c.version,
    }));
    return {
      method: 'PUT',
      path: `/api/v1/journal/${column.assignmentId}/marks`,
      headers: json(column.session.headers),
      body: JSON.stringify({ cells }),
      kind: 'mark-saves',
      marks: cells.length,
      onDone: (status, body) => {
        if (status === 200) {
          const result = JSON.parse(body) as { marks: Array<{ studentId: number; version: number; value: number }> };
          for (const m of result.marks) {
            const cell = column.cells.get(m.studentId);
            if (cell) {
              cell.version = m.version;
              cell.value = m.value;
            }
          }
          column.busy = false;
          free.push(column);
        }
        // Anything else: the column's versions are unknown now; it is not used again (the error is counted).
      },
    };
  };
}

function homeworkWrites(columns: Column[], rng: () => number) {
  let n = 0;
  return (): BenchRequest => {
    const column = pick(rng, columns);
    n++;
    return {
      method: 'PUT',
      path: `/api/v1/lessons/${column.lessonId}/homework`,
      headers: json(column.session.headers),
      body: JSON.stringify({ text: `§ ${1 + (n % 40)}, exercises ${n % 17}–${(n % 17) + 3} (bench ${n})` }),
      kind: 'homework',
    };
  };
}

// ── The scenarios ───────────────────────────────────────────────────────────────────────────────────────
const diaryWeek: ScenarioDef = {
  name: 'diary-week',
  title: 'Parent: diary week',
  description:
    'GET /api/v1/diary/:childId/week?date=<Monday> — a parent (one of the signed-in pool) opens one of their children’s weeks of the generated range',
  defaultConnections: 32,
  replayable: true,
  targets: {
    pg: [
      { text: '≥ 2,000 req/s with p99 ≤ 50 ms at 32 connections', connections: 32, minRps: 2000, maxP99Ms: 50 },
      { text: 'app ÷ raw-SQL ≥ 0.5', connections: 32, minRawRatio: 0.5 },
    ],
    pglite: [
      { text: 'p99 ≤ 100 ms at 4 connections (PGlite)', connections: 4, maxP99Ms: 100 },
      { text: 'restart to ready ≤ 5 s (PGlite)', connections: 4, maxReadyMs: 5000 },
    ],
  },
  async prepare(ctx) {
    const parents = ctx.sessions.parent.filter((p) => p.ids.length > 0);
    const weeks = weeksOf(ctx.manifest.range);
    const missing = await routeMissing(ctx, parents[0], `/api/v1/diary/${parents[0]?.ids[0]}/week?date=${weeks[0]}`);
    if (missing) return { skipped: missing };
    return {
      shape: { parents: parents.length, weeks: weeks.length },
      next: () => {
        const p = pick(ctx.rng, parents);
        return {
          method: 'GET',
          path: `/api/v1/diary/${pick(ctx.rng, p.ids)}/week?date=${pick(ctx.rng, weeks)}`,
          headers: p.headers,
          kind: 'diary-week',
        };
      },
    };
  },
};

const diarySubjects: ScenarioDef = {
  name: 'diary-subjects',
  title: 'Student: marks page (diary subjects)',
  description:
    'GET /api/v1/diary/:studentId/subjects?periodId=<quarter 1> — a student opens their marks by subject (running grade, projection)',
  defaultConnections: 32,
  replayable: true,
  targets: { pg: [], pglite: [] },
  async prepare(ctx) {
    const students = ctx.sessions.student;
    const first = students[0];
    const missing = await routeMissing(
      ctx,
      first,
      `/api/v1/diary/${first?.personId}/subjects?periodId=${first ? quarter1(first.school) : 0}`,
    );
    if (missing) return { skipped: missing };
    return {
      shape: { students: students.length, period: 'quarter 1' },
      next: () => {
        const s = pick(ctx.rng, students);
        return {
          method: 'GET',
          path: `/api/v1/diary/${s.personId}/subjects?periodId=${quarter1(s.school)}`,
          headers: s.headers,
          kind: 'diary-subjects',
        };
      },
    };
  },
};

const journalGrid: ScenarioDef = {
  name: 'journal-grid',
  title: 'Teacher: journal grid open',
  description:
    'GET /api/v1/journal/:assignmentId?periodId=<quarter 1, or half-year 1 for a half-year subject> — a teacher opens one of their class × subject journals (the --grids journals read while preparing)',
  defaultConnections: 8,
  replayable: true,
  targets: {
    pg: [{ text: 'p99 ≤ 100 ms at 8 connections', connections: 8, maxP99Ms: 100 }],
    pglite: [],
  },
  async prepare(ctx, cache) {
    await journalColumns(ctx, cache);
    const grids = cache.grids ?? [];
    if (grids.length === 0) return { skipped: 'no sampled teacher could open a journal' };
    return {
      shape: { teachers: new Set(grids.map((g) => g.session.username)).size, grids: cache.gridShape },
      next: () => {
        const g = pick(ctx.rng, grids);
        return {
          method: 'GET',
          path: `/api/v1/journal/${g.assignmentId}?periodId=${g.periodId}`,
          headers: g.session.headers,
          kind: 'journal-grid',
        };
      },
    };
  },
};

const markSavesScenario: ScenarioDef = {
  name: 'mark-saves',
  title: 'Teacher: saves a column of marks',
  description:
    'PUT /api/v1/journal/:assignmentId/marks — a teacher saves one lesson column: a new ФО mark for every pupil of the class, each cell with the version it was read at (fresh cells: expectedVersion null)',
  defaultConnections: 4,
  replayable: false,
  targets: {
    pg: [
      {
        text: '≥ 1,000 marks/s, each with its audit row, none lost (0 errors / 409s)',
        connections: 4,
        minMarksPerSecond: 1000,
        zeroErrors: true,
        noneLost: true,
      },
    ],
    pglite: [
      {
        text: 'each mark with its audit row, none lost (0 errors / 409s)',
        connections: 4,
        zeroErrors: true,
        noneLost: true,
      },
    ],
  },
  async prepare(ctx, cache) {
    const columns = await journalColumns(ctx, cache);
    if (columns.length === 0)
      return { skipped: `no writable graded journal among the sampled teachers' ${JSON.stringify(cache.gridShape)}` };
    return {
      shape: { columns: columns.length, grids: cache.gridShape, unit: 'one lesson column for all its pupils' },
      next: markSaves(columns, ctx.rng),
    };
  },
};

const homework: ScenarioDef = {
  name: 'homework',
  title: 'Teacher: sets homework',
  description:
    'PUT /api/v1/lessons/:lessonId/homework — a teacher sets (or replaces) the homework of one of their lessons; every write is audited',
  defaultConnections: 4,
  replayable: false,
  targets: { pg: [{ text: 'no errors', connections: 4, zeroErrors: true }], pglite: [] },
  async prepare(ctx, cache) {
    const columns = await journalColumns(ctx, cache);
    if (columns.length === 0) return { skipped: 'no writable journal among the sampled teachers' };
    return { shape: { lessons: columns.length }, next: homeworkWrites(columns, ctx.rng) };
  },
};

const termGrades: ScenarioDef = {
  name: 'term-grades',
  title: 'School: term-grade computation (performance report)',
  description:
    "GET /api/v1/reports/performance?periodId=<quarter 1> — a school administrator's performance report: every class's running term grades computed from the quarter's marks",
  defaultConnections: 1,
  requestsPerConnection: (seconds) => Math.max(3, Math.ceil(seconds / 2)),
  replayable: true,
  targets: {
    pg: [{ text: '≤ 1 s for a school (p95, 1 connection)', connections: 1, maxP95Ms: 1000 }],
    pglite: [],
  },
  async prepare(ctx) {
    const admins = ctx.sessions.admin;
    if (admins.length === 0) return { skipped: 'no school administrator in the manifest' };
    return {
      shape: { schools: admins.length, studentsPerSchool: ctx.manifest.options.students },
      next: () => {
        const a = pick(ctx.rng, admins);
        return {
          method: 'GET',
          path: `/api/v1/reports/performance?periodId=${quarter1(a.school)}`,
          headers: a.headers,
          kind: 'term-grades',
        };
      },
    };
  },
};

const DISTRICT_STATS_PATH = '/api/v1/statistics/schools?kind=quarter&number=1';

const districtStats: ScenarioDef = {
  name: 'district-stats',
  title: 'District statistics report',
  description:
    "GET /api/v1/statistics/schools?kind=quarter&number=1 — the district education department's statistics over all its schools (per school: performance from the running term grades, attendance, fill-in; the total), as authorities get it: schools' parts kept up to STATISTICS_MAX_AGE_MINUTES (one request before the run computes them; district-stats-live measures that)",
  defaultConnections: 1,
  requestsPerConnection: (seconds) => Math.max(3, Math.ceil(seconds / 2)),
  replayable: true,
  warmRequests: 1,
  targets: { pg: [{ text: '≤ 2 s (p95, 1 connection)', connections: 1, maxP95Ms: 2000 }], pglite: [] },
  async prepare(ctx) {
    const district = ctx.sessions.district[0];
    const missing = await routeMissing(ctx, district, DISTRICT_STATS_PATH);
    if (missing || !district) return { skipped: missing ?? 'no district employee in the manifest' };
    return {
      shape: { schools: ctx.manifest.schools.length, studentsPerSchool: ctx.manifest.options.students },
      next: () => ({ method: 'GET', path: DISTRICT_STATS_PATH, headers: district.headers, kind: 'district-stats' }),
    };
  },
};

/** The same report computed whole for every request (STATISTICS_MAX_AGE_MINUTES=0): the first reader's cost. */
const districtStatsLive: ScenarioDef = {
  ...districtStats,
  name: 'district-stats-live',
  title: 'District statistics report, computed live',
  description:
    'The district-stats request on a server that keeps nothing (STATISTICS_MAX_AGE_MINUTES=0): every school computed from the journal for each request — what the first reader of the day, or the refresh job, pays',
  replayable: false,
  warmRequests: 0,
  serverEnv: { STATISTICS_MAX_AGE_MINUTES: '0' },
  targets: { pg: [], pglite: [] },
};

/** The quarter-end evening: parents and pupils reading, teachers closing their journals. Weights in percent. */
export const MIXED_WEIGHTS: Record<string, number> = {
  'diary-week': 45,
  'diary-subjects': 25,
  'journal-grid': 15,
  'mark-saves': 10,
  homework: 5,
};

const mixed: ScenarioDef = {
  name: 'mixed',
  title: 'Mixed "quarter-end evening"',
  description: `Weighted mix per request: ${Object.entries(MIXED_WEIGHTS)
    .map(([k, w]) => `${k} ${w} %`)
    .join(', ')}`,
  defaultConnections: 32,
  replayable: false,
  targets: {
    pg: [{ text: 'server memory ≤ 300 MB (max RSS)', connections: 32, maxRssMb: 300, zeroErrors: true }],
    pglite: [{ text: 'server memory ≤ 300 MB (max RSS)', connections: 4, maxRssMb: 300 }],
  },
  async prepare(ctx, cache) {
    const parts: Array<{ weight: number; next: () => BenchRequest }> = [];
    const skipped: string[] = [];
    for (const [name, weight] of Object.entries(MIXED_WEIGHTS)) {
      const def = SCENARIOS.find((s) => s.name === name)!;
      const w = await def.prepare(ctx, cache);
      if ('skipped' in w) skipped.push(`${name} (${w.skipped})`);
      else parts.push({ weight, next: w.next });
    }
    if (parts.length === 0) return { skipped: 'every part of the mix is skipped' };
    const total = parts.reduce((s, p) => s + p.weight, 0);
    return {
      shape: { weights: MIXED_WEIGHTS, left_out: skipped },
      next: () => {
        let r = ctx.rng() * total;
        for (const p of parts) {
          r -= p.weight;
          if (r < 0) return p.next();
        }
        return parts.at(-1)!.next();
      },
    };
  },
};

export const SCENARIOS: ScenarioDef[] = [
  diaryWeek,
  diarySubjects,
  journalGrid,
  markSavesScenario,
  homework,
  termGrades,
  districtStats,
  districtStatsLive,
  mixed,
];
