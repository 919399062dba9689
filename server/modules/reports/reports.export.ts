import type { Locale } from '@common/enums.js';
import type { ReportFormat } from '@common/schemas/reports.js';
import type { AppDeps } from '../../deps.js';
import { translatorFor } from '../../plugins/i18n.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { attendanceOfClass, attendanceSummary } from './attendance.service.js';
import { PUPIL_CATEGORIES } from './formulas.js';
import { performanceOfClass, performanceSummary } from './performance.service.js';
import { renderPdf } from './report.pdf.js';
import { renderXlsx } from './report.xlsx.js';
import type { ReportColumn, ReportDocument } from './report-table.js';
import { reportsSchool } from './reports.access.js';

/**
 * The performance and attendance reports as files, in the caller's language: the school summary, or one class.
 * Same figures as the JSON routes (the same services), laid out by report-table.ts.
 */

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

async function render(doc: ReportDocument, format: ReportFormat, at: Date) {
  const body = format === 'xlsx' ? await renderXlsx(doc) : await renderPdf(doc, at);
  return { body, contentType: TYPES[format] };
}

/** A file of pupils' grades or absences leaves the system: recorded like the other exports (no personal data in it). */
export async function auditExport(deps: AppDeps, actor: Actor, origin: AuditOrigin, what: Record<string, unknown>) {
  await recordAudit(deps.db, origin, {
    institutionId: reportsSchool(actor).id,
    action: 'export.report',
    after: what,
  });
}

const subjectName = (s: { kk: string; ru: string; en: string }, locale: Locale) => s[locale];

/** DD.MM.YYYY, the way dates are written in Kazakhstan whatever the language. */
const dotted = (iso: string) => iso.split('-').reverse().join('.');
const fileSafe = (s: string) => s.replace(/\s+/g, '');

export async function exportPerformance(
  deps: AppDeps,
  actor: Actor,
  q: { periodId: number; format: ReportFormat; classId?: number },
  locale: Locale,
) {
  const t = translatorFor(locale);
  const col = (key: string, kind: ReportColumn['kind'], width?: number): ReportColumn => ({
    header: t(`reports:columns.${key}`),
    kind,
    ...(width ? { width } : {}),
  });
  const rateColumns = [col('n', 'int'), col('success', 'percent'), col('quality', 'percent'), col('sou', 'percent')];
  const at = deps.clock.now();
  if (q.classId === undefined) {
    const r = await performanceSummary(deps, actor, q.periodId);
    const periodLabel = t(`reports:period.${r.period.kind}`, { number: r.period.number });
    const columns = [
      col('class', 'text', 2),
      col('language', 'text', 1.6),
      col('pupils', 'int'),
      ...PUPIL_CATEGORIES.map((c) => col(`categories.${c}`, 'int')),
      ...rateColumns,
      col('average', 'decimal'),
    ];
    const cats = (c: Record<string, number>) => PUPIL_CATEGORIES.map((k) => c[k] ?? 0);
    const language = (code: string) => t(`classes:language.${code}`, { defaultValue: code });
    const title = t('reports:export.performanceTitle', { period: periodLabel });
    const doc: ReportDocument = {
      title,
      tables: [
        {
          sheetName: t('reports:export.sheets.summary'),
          title,
          subtitle: `${dotted(r.period.startsOn)} – ${dotted(r.period.endsOn)}${r.running ? ` · ${t('reports:running')}` : ''}`,
          columns,
          rows: [
            ...r.classes.map((c) => [
              c.running ? `${c.label} *` : c.label,
              language(c.language),
              c.pupils,
              ...cats(c.categories),
              c.n,
              c.success,
              c.quality,
              c.sou,
              c.average,
            ]),
            [
              t('reports:total'),
              '',
              r.total.pupils,
              ...cats(r.total.categories),
              r.total.n,
              r.total.success,
              r.total.quality,
              r.total.sou,
              r.total.average,
            ],
          ],
          totalRows: 1,
        },
      ],
    };
    return {
      ...(await render(doc, q.format, at)),
      fileName: `${t('reports:export.performanceFile')}-${fileSafe(periodLabel)}.${q.format}`,
    };
  }
  const r = await performanceOfClass(deps, actor, q.classId, q.periodId);
  const periodLabel = t(`reports:period.${r.period.kind}`, { number: r.period.number });
  const title = t('reports:export.classPerformanceTitle', { class: r.label, period: periodLabel });
  const subtitle = `${dotted(r.period.startsOn)} – ${dotted(r.period.endsOn)}${r.running ? ` · ${t('reports:running')}` : ''}`;
  const countKeys = ['n5', 'n4', 'n3', 'n2', 'na', 'exempt', 'pass', 'fail', 'none'] as const;
  const gradeLabel = (g: string | undefined) =>
    g === undefined ? '' : /^[2-5]$/.test(g) ? g : t(`reports:grades.${g}`, { defaultValue: g });
  const subjects = r.subjects.map((s) => ({ id: String(s.subjectId), name: subjectName(s.subject, locale) }));
  const doc: ReportDocument = {
    title,
    tables: [
      {
        sheetName: t('reports:export.sheets.subjects'),
        title,
        subtitle,
        columns: [
          col('subject', 'text', 3),
          ...countKeys.map((k) => col(`counts.${k}`, 'int')),
          col('average', 'decimal'),
          ...rateColumns,
        ],
        rows: [
          ...r.subjects.map((s) => [
            subjectName(s.subject, locale),
            ...countKeys.map((k) => s.counts[k]),
            s.average,
            s.n,
            s.success,
            s.quality,
            s.sou,
          ]),
          [
            t('reports:total'),
            ...countKeys.map((k) => r.total.counts[k]),
            r.total.average,
            r.total.n,
            r.total.success,
            r.total.quality,
            r.total.sou,
          ],
        ],
        totalRows: 1,
      },
      {
        sheetName: t('reports:export.sheets.pupils'),
        title: t('reports:export.pupilsTitle', { class: r.label }),
        columns: [
          col('pupil', 'text', 3),
          col('category', 'text', 2),
          ...subjects.map((s) => ({ header: s.name, kind: 'text' as const, width: 1 })),
        ],
        rows: [
          ...r.pupils.map((p) => [
            p.name,
            t(`reports:categories.${p.category}`),
            ...subjects.map((s) => gradeLabel(p.grades[s.id])),
          ]),
          ...PUPIL_CATEGORIES.map((c) => [
            t(`reports:categories.${c}`),
            String(r.categories[c]),
            ...subjects.map(() => ''),
          ]),
        ],
        totalRows: PUPIL_CATEGORIES.length,
      },
    ],
  };
  return {
    ...(await render(doc, q.format, at)),
    fileName: `${t('reports:export.performanceFile')}-${fileSafe(r.label)}-${fileSafe(periodLabel)}.${q.format}`,
  };
}

export async function exportAttendance(
  deps: AppDeps,
  actor: Actor,
  q: { periodId?: number; from?: string; to?: string; format: ReportFormat; classId?: number },
  locale: Locale,
) {
  const t = translatorFor(locale);
  const columns = (first: string): ReportColumn[] => [
    { header: t(`reports:columns.${first}`), kind: 'text', width: 3 },
    ...['days', 'sickDays', 'lessons', 'sickLessons', 'lates'].map(
      (k): ReportColumn => ({ header: t(`reports:columns.${k}`), kind: 'int' }),
    ),
  ];
  const nums = (c: { days: number; sickDays: number; lessons: number; sickLessons: number; lates: number }) => [
    c.days,
    c.sickDays,
    c.lessons,
    c.sickLessons,
    c.lates,
  ];
  const at = deps.clock.now();
  const query = { periodId: q.periodId, from: q.from, to: q.to };
  if (q.classId === undefined) {
    const r = await attendanceSummary(deps, actor, query);
    const title = t('reports:export.attendanceTitle', { from: dotted(r.range.from), to: dotted(r.range.to) });
    const doc: ReportDocument = {
      title,
      tables: [
        {
          sheetName: t('reports:export.sheets.attendance'),
          title,
          columns: [
            ...columns('class').slice(0, 1),
            { header: t('reports:columns.pupils'), kind: 'int' },
            ...columns('class').slice(1),
          ],
          rows: [
            ...r.classes.map((c) => [c.label, c.pupils, ...nums(c)]),
            [t('reports:total'), r.total.pupils, ...nums(r.total)],
          ],
          totalRows: 1,
        },
      ],
    };
    return {
      ...(await render(doc, q.format, at)),
      fileName: `${t('reports:export.attendanceFile')}-${r.range.from}-${r.range.to}.${q.format}`,
    };
  }
  const r = await attendanceOfClass(deps, actor, q.classId, query);
  const title = t('reports:export.classAttendanceTitle', {
    class: r.label,
    from: dotted(r.range.from),
    to: dotted(r.range.to),
  });
  const doc: ReportDocument = {
    title,
    tables: [
      {
        sheetName: t('reports:export.sheets.attendance'),
        title,
        columns: columns('pupil'),
        rows: [...r.pupils.map((p) => [p.name, ...nums(p)]), [t('reports:total'), ...nums(r.total)]],
        totalRows: 1,
      },
    ],
  };
  return {
    ...(await render(doc, q.format, at)),
    fileName: `${t('reports:export.attendanceFile')}-${fileSafe(r.label)}-${r.range.from}-${r.range.to}.${q.format}`,
  };
}
