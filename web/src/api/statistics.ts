import type { StatisticsReport } from '@common/schemas/statistics.js';
import { useQuery } from '@tanstack/react-query';
import { get } from './client.js';
import { useDownload } from './imports.js';

export type { StatisticsReport };

/** The authorities' statistics (server module server/modules/statistics). */
export const statisticsPaths = {
  schools: '/statistics/schools',
  export: '/statistics/schools/export',
};

export interface StatisticsParams {
  kind: 'quarter' | 'half_year';
  number: number;
}

export function useSchoolStatistics(params: StatisticsParams) {
  return useQuery({
    queryKey: ['statistics', 'schools', params.kind, params.number],
    queryFn: () => get<StatisticsReport>(statisticsPaths.schools, { ...params }),
  });
}

/** Downloads the statistics as XLSX; the name comes from the server's Content-Disposition. */
export function useStatisticsDownload() {
  const download = useDownload();
  return {
    ...download,
    start: (params: StatisticsParams) =>
      download.mutate({
        path: statisticsPaths.export,
        params: { ...params, format: 'xlsx' },
        fallback: 'dapter-statistics.xlsx',
      }),
  };
}
