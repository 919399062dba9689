import type { PeriodRow } from '../../server/modules/school-year/school-year.queries.js';
import type { SchoolPlan } from './plan.js';

/**
 * What the benchmark harness (issue 6 §2) needs to sign in as many different people and open their screens:
 * per school its admin, some teachers with their assignment ids, students with their class, parents with their
 * children, the year and its periods. Everyone's password is `password`.
 */
export interface Login {
  username: string;
  personId: number;
}
export interface SchoolSample {
  schoolId: number;
  yearId: number;
  periods: Array<{ id: number; kind: string; number: number; startsOn: string; endsOn: string }>;
  admin: Login;
  teachers: Array<Login & { assignmentIds: number[] }>;
  students: Array<Login & { classId: number }>;
  parents: Array<Login & { childIds: number[] }>;
}
export interface Manifest {
  generatedAt: string;
  seed: number;
  options: { schools: number; students: number; weeks: number; templateYear: number };
  password: string;
  /** The dates lessons were generated for. */
  range: { from: string; to: string };
  regionId: number;
  districtId: number;
  districtAdmin: Login;
  schools: SchoolSample[];
}

const SAMPLE = { teachers: 12, students: 25, parents: 25 };

/** Spread over the school (every n-th person), not the first few of one class. */
const spread = <T>(items: readonly T[], n: number) => {
  const step = Math.max(1, Math.floor(items.length / n));
  return items.filter((_, i) => i % step === 0).slice(0, n);
};

export function sampleSchool(s: {
  schoolId: number;
  yearId: number;
  plan: SchoolPlan;
  periods: PeriodRow[];
}): SchoolSample {
  const { plan } = s;
  return {
    schoolId: s.schoolId,
    yearId: s.yearId,
    periods: s.periods.map((p) => ({
      id: p.id,
      kind: p.kind,
      number: p.number,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    })),
    admin: { username: plan.admin.username, personId: plan.admin.id },
    teachers: spread(plan.teachers, SAMPLE.teachers).map((t) => ({
      username: t.username,
      personId: t.id,
      assignmentIds: plan.assignments.filter((a) => a.teacherId === t.id).map((a) => a.id),
    })),
    students: spread(plan.students, SAMPLE.students).map((st) => ({
      username: st.username,
      personId: st.id,
      classId: plan.classes[st.classIndex]!.id,
    })),
    parents: spread(plan.parents, SAMPLE.parents).map((p) => ({
      username: p.username,
      personId: p.id,
      childIds: p.children,
    })),
  };
}
