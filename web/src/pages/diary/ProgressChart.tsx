import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DiarySubject } from '../../api/diary.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { gradeColor } from './MarkChip.js';

/**
 * The progress picture of one subject (issue 7 §1): every ФО (1–10 drawn as 10–100 %), every СОр and СОч (its
 * percent of the maximum) by date, the running percent as a step line and the «3»/«4»/«5» bounds as guide lines.
 * A plain SVG scaled by its viewBox — no chart library for one small picture — so it fits a 360 px phone.
 */

const W = 320;
const H = 160;
const PAD = { left: 26, right: 8, top: 8, bottom: 18 };
const FO_COLOUR = 'var(--mantine-color-blue-6)';
const SOR_COLOUR = 'var(--mantine-color-violet-6)';
const SOCH_COLOUR = 'var(--mantine-color-grape-8)';
const LINE_COLOUR = 'var(--mantine-color-dark-4)';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

export function ProgressChart({ s, from, to }: { s: DiarySubject; from?: string; to?: string }) {
  const { t } = useTranslation('diary');
  const locale = useLocale();
  const fo = s.fo.filter((m) => m.value !== null).map((m) => ({ date: m.date, pct: (m.value ?? 0) * 10 }));
  const works = s.works
    .filter((w) => w.score !== null && w.maxScore > 0)
    .map((w) => ({ date: w.date, pct: ((w.score ?? 0) / w.maxScore) * 100, kind: w.kind, id: w.id }));
  const dates = [...fo.map((m) => m.date), ...works.map((w) => w.date), ...s.progress.map((p) => p.date)].sort();
  if (dates.length === 0) return null;
  // From the period's first day (when given) to the last marked day: the picture so far, not the empty rest.
  const first = from && from < dates[0]! ? from : dates[0]!;
  const lastDay = to && to < dates.at(-1)! ? to : dates.at(-1)!;
  const x0 = day(first);
  const x1 = Math.max(day(lastDay), x0 + 1);
  const x = (iso: string) => PAD.left + ((day(iso) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (pct: number) => PAD.top + (1 - Math.min(100, Math.max(0, pct)) / 100) * (H - PAD.top - PAD.bottom);
  // The running percent holds from one marked day to the next: a step line.
  const steps = s.progress
    .map((p, i) => {
      const next = s.progress[i + 1];
      const here = `${x(p.date).toFixed(1)},${y(p.percent).toFixed(1)}`;
      return next ? `${here} ${x(next.date).toFixed(1)},${y(p.percent).toFixed(1)}` : here;
    })
    .join(' ');
  const last = s.progress.at(-1);
  const summary = last
    ? t('progress.summary', {
        percent: Math.round(last.percent * 10) / 10,
        grade: last.grade ?? '—',
        count: dates.length,
      })
    : t('progress.title');
  return (
    <Stack gap={4} data-testid="diary-progress-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ maxWidth: 520, display: 'block' }}
      >
        <title>{summary}</title>
        {/* The 0 and 100 % frame. */}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-4)" />
        <text x={PAD.left - 4} y={y(100) + 4} fontSize={9} textAnchor="end" fill="var(--mantine-color-dimmed)">
          100
        </text>
        <text x={PAD.left - 4} y={y(0)} fontSize={9} textAnchor="end" fill="var(--mantine-color-dimmed)">
          0
        </text>
        {s.thresholds &&
          ([3, 4, 5] as const).map((g) => (
            <g key={g}>
              <line
                x1={PAD.left}
                x2={W - PAD.right}
                y1={y(s.thresholds![g])}
                y2={y(s.thresholds![g])}
                stroke="var(--mantine-color-gray-5)"
                strokeDasharray="3 3"
              />
              <text
                x={PAD.left - 4}
                y={y(s.thresholds![g]) + 3}
                fontSize={9}
                textAnchor="end"
                fill="var(--mantine-color-dimmed)"
              >
                «{g}»
              </text>
            </g>
          ))}
        {steps && (
          <polyline points={steps} fill="none" stroke={LINE_COLOUR} strokeWidth={2} data-testid="progress-line" />
        )}
        {fo.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two marks may share a date
          <circle key={`fo${i}`} cx={x(m.date)} cy={y(m.pct)} r={3} fill={FO_COLOUR} data-testid="progress-fo" />
        ))}
        {works.map((w) => {
          const cx = x(w.date);
          const cy = y(w.pct);
          const r = w.kind === 'soch' ? 6 : 5;
          return (
            <polygon
              key={w.id}
              points={`${cx},${cy - r} ${cx + r},${cy} ${cx},${cy + r} ${cx - r},${cy}`}
              fill={w.kind === 'soch' ? SOCH_COLOUR : SOR_COLOUR}
              data-testid={`progress-${w.kind}`}
            />
          );
        })}
        <text x={PAD.left} y={H - 4} fontSize={9} fill="var(--mantine-color-dimmed)">
          {formatDate(first, locale)}
        </text>
        <text x={W - PAD.right} y={H - 4} fontSize={9} textAnchor="end" fill="var(--mantine-color-dimmed)">
          {formatDate(lastDay, locale)}
        </text>
      </svg>
      <Group gap="sm" wrap="wrap">
        <Legend colour={FO_COLOUR} label={t('progress.fo')} round />
        <Legend colour={SOR_COLOUR} label={t('progress.sor')} />
        <Legend colour={SOCH_COLOUR} label={t('progress.soch')} />
        <Legend colour={LINE_COLOUR} label={t('progress.running')} line />
      </Group>
    </Stack>
  );
}

function Legend({ colour, label, round, line }: { colour: string; label: string; round?: boolean; line?: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      <svg width={12} height={12} aria-hidden="true">
        {line ? (
          <line x1={0} x2={12} y1={6} y2={6} stroke={colour} strokeWidth={2} />
        ) : round ? (
          <circle cx={6} cy={6} r={4} fill={colour} />
        ) : (
          <polygon points="6,1 11,6 6,11 1,6" fill={colour} />
        )}
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/**
 * All subjects at a glance: each one's running percent as a bar against the «3»/«4»/«5» bounds, with the grade it
 * leads to now (or the fixed term grade once the period is closed).
 */
export function SubjectsOverview({ subjects }: { subjects: DiarySubject[] }) {
  const { t } = useTranslation('diary');
  const graded = subjects.filter((s) => s.mode === 'graded');
  if (graded.length === 0) return null;
  return (
    <Stack gap={6} data-testid="diary-overview" aria-label={t('progress.overview')}>
      <Text fw={600} size="sm">
        {t('progress.overview')}
      </Text>
      {graded.map((s) => {
        const grade = s.termGrade?.grade ?? s.grade;
        const pct = s.percent === null ? null : Math.round(s.percent * 10) / 10;
        return (
          <Stack key={s.assignmentId} gap={2} data-testid="diary-overview-row">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" truncate="end" style={{ minWidth: 0 }}>
                {s.subject}
              </Text>
              <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {pct === null ? '—' : `${pct}%`} · «{grade ?? '—'}»
              </Text>
            </Group>
            <svg viewBox="0 0 100 6" width="100%" height={8} preserveAspectRatio="none" aria-hidden="true">
              <rect x={0} y={0} width={100} height={6} rx={2} fill="var(--mantine-color-gray-2)" />
              {pct !== null && (
                <rect x={0} y={0} width={pct} height={6} rx={2} fill={`var(--mantine-color-${gradeColor(grade)}-6)`} />
              )}
              {s.thresholds &&
                ([3, 4, 5] as const).map((g) => (
                  <line
                    key={g}
                    x1={s.thresholds![g]}
                    x2={s.thresholds![g]}
                    y1={0}
                    y2={6}
                    stroke="var(--mantine-color-gray-6)"
                    strokeWidth={0.6}
                  />
                ))}
            </svg>
          </Stack>
        );
      })}
    </Stack>
  );
}
