import type {
  AttendanceSummary,
  ClassAttendance,
  ClassPerformance,
  FillInReport,
  PerformanceSummary,
  ReportFormat,
} from '@common/schemas/reports.js';
import { useQuery } from '@tanstack/react-query';
import { get } from './client.js';
import { useDownload } from './imports.js';

export type { AttendanceSummary, ClassAttendance, ClassPerformance, FillInReport, PerformanceSummary, ReportFormat };

const KEY = ['reports'] as const;

/** Every report path in one place (the server module is server/modules/reports). */
export const reportPaths = {
  performance: '/reports/performance',
  classPerformance: (c: number) => `/reports/performance/classes/${c}`,
  performanceExport: '/reports/performance/export',
  attendance: '/reports/attendance',
  classAttendance: (c: number) => `/reports/attendance/classes/${c}`,
  attendanceExport: '/reports/attendance/export',
  fillIn: '/reports/fill-in',
};

/** A period, or a date range (both ends). */
export type RangeParams = { periodId: number } | { from: string; to: string };
const isSet = (r: RangeParams | null): r is RangeParams => r !== null;

export function usePerformanceSummary(periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'performance', periodId],
    queryFn: () => get<PerformanceSummary>(reportPaths.performance, { periodId }),
    enabled: periodId !== null,
  });
}

export function useClassPerformance(classId: number | null, periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'performance', periodId, 'class', classId],
    queryFn: () => get<ClassPerformance>(reportPaths.classPerformance(classId ?? 0), { periodId }),
    enabled: classId !== null && periodId !== null,
  });
}

export function useAttendanceSummary(range: RangeParams | null) {
  return useQuery({
    queryKey: [...KEY, 'attendance', range],
    queryFn: () => get<AttendanceSummary>(reportPaths.attendance, range ?? {}),
    enabled: isSet(range),
  });
}

export function useClassAttendance(classId: number | null, range: RangeParams | null) {
  return useQuery({
    queryKey: [...KEY, 'attendance', range, 'class', classId],
    queryFn: () => get<ClassAttendance>(reportPaths.classAttendance(classId ?? 0), range ?? {}),
    enabled: classId !== null && isSet(range),
  });
}

export function useFillIn(periodId: number | null) {
  return useQuery({
    queryKey: [...KEY, 'fill-in', periodId],
    queryFn: () => get<FillInReport>(reportPaths.fillIn, { periodId }),
    enabled: periodId !== null,
  });
}

/** Downloads a report file (XLSX or PDF); the name comes from the server's Content-Disposition. */
export function useReportDownload() {
  const download = useDownload();
  return {
    ...download,
    start: (what: 'performance' | 'attendance', params: Record<string, unknown>, format: ReportFormat) =>
      download.mutate({
        path: what === 'performance' ? reportPaths.performanceExport : reportPaths.attendanceExport,
        params: { ...params, format },
        fallback: `dapter-${what}.${format}`,
      }),
  };
}
