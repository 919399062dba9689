import type { Locale } from '@common/enums.js';
import type { StatisticsFigures, StatisticsQuery } from '@common/schemas/statistics.js';
import type { AppDeps } from '../../deps.js';
import { translatorFor } from '../../plugins/i18n.js';
import type { Actor } from '../auth/actor.js';
import { PUPIL_CATEGORIES } from '../reports/formulas.js';
import { renderXlsx } from '../reports/report.xlsx.js';
import type { Cell, ReportColumn, ReportDocument, ReportTable } from '../reports/report-table.js';
import { subtreeStatistics } from './statistics.service.js';

/**
 * The statistics as a workbook in the caller's language: the schools with the total (and, above a district, a sheet
 * of district subtotals). The same figures as the JSON route (the same service), laid out by report-table.ts.
 */
export async function exportStatistics(deps: AppDeps, actor: Actor, q: StatisticsQuery, locale: Locale) {
  const t = translatorFor(locale);
  const r = await subtreeStatistics(deps, actor, q);
  const col = (header: string, kind: ReportColumn['kind'], width?: number): ReportColumn => ({
    header,
    kind,
    ...(width ? { width } : {}),
  });
  const figureColumns = [
    col(t('reports:columns.pupils'), 'int'),
    ...PUPIL_CATEGORIES.map((c) => col(t(`reports:columns.categories.${c}`), 'int')),
    col(t('reports:columns.n'), 'int'),
    col(t('reports:columns.success'), 'percent'),
    col(t('reports:columns.quality'), 'percent'),
    col(t('reports:columns.sou'), 'percent'),
    col(t('reports:columns.average'), 'decimal'),
    col(t('statistics:columns.missedPercent'), 'percent'),
    col(t('statistics:columns.days'), 'int'),
    col(t('statistics:columns.sickDays'), 'int'),
    col(t('statistics:columns.lessons'), 'int'),
    col(t('statistics:columns.withoutTopic'), 'int'),
  ];
  const cells = (f: StatisticsFigures): Cell[] => [
    f.pupils,
    ...PUPIL_CATEGORIES.map((c) => f.categories[c]),
    f.n,
    f.success,
    f.quality,
    f.sou,
    f.average,
    f.attendance.missedPercent,
    f.attendance.days,
    f.attendance.sickDays,
    f.fillIn.lessons,
    f.fillIn.withoutTopic,
  ];
  const period = t(`reports:period.${r.kind}`, { number: r.number });
  const title = t('statistics:export.title', { name: r.institution.name[locale], period });
  const subtitle = t('statistics:page.asOf', { date: r.asOf.split('-').reverse().join('.') });
  const total = [t('statistics:total'), ...cells(r.total)];
  const tables: ReportTable[] = [
    {
      sheetName: t('statistics:export.sheets.schools'),
      title,
      subtitle,
      columns: [col(t('statistics:columns.school'), 'text', 40), ...figureColumns],
      rows: [...r.schools.map((s) => [s.name[locale], ...cells(s)]), total],
      totalRows: 1,
    },
  ];
  if (r.groups.length > 0) {
    tables.push({
      sheetName: t('statistics:export.sheets.groups'),
      title,
      subtitle,
      columns: [
        col(t('statistics:columns.district'), 'text', 40),
        col(t('statistics:columns.schools'), 'int'),
        ...figureColumns,
      ],
      rows: [
        ...r.groups.map((g) => [g.name[locale], g.schools, ...cells(g)]),
        [t('statistics:total'), r.total.schools, ...cells(r.total)],
      ],
      totalRows: 1,
    });
  }
  const doc: ReportDocument = { title, tables };
  return {
    body: await renderXlsx(doc),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `statistics-${r.institution.id}-${r.kind}${r.number}-${r.asOf}.xlsx`,
  };
}
