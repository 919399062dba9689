import { Badge, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DiarySubject, useDiarySubjects } from '../../api/diary.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { gradeColor, MarkChip } from './MarkChip.js';
import { ProgressChart, SubjectsOverview } from './ProgressChart.js';
import { WorkDistribution } from './WorkDistribution.js';

const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);

/** "СОч ≥ 31/40 → «4»": the next grades the remaining СОч can still reach. */
function Projection({ s }: { s: DiarySubject }) {
  const { t } = useTranslation('diary');
  const p = s.projection;
  if (!p) return null;
  // The best grade secured whatever the СОч (one line), then what each higher grade needs.
  const secured = ([5, 4, 3] as const).find((g) => p.needed[g] === 0);
  const lines = [
    ...(secured ? [t('marks.projectionReached', { grade: secured })] : []),
    ...([3, 4, 5] as const)
      .filter((g) => secured === undefined || g > secured)
      .map((g) => {
        const n = p.needed[g];
        if (n === null) return t('marks.projectionOut', { grade: g });
        return p.workId === null
          ? t('marks.projectionPercent', { score: n, grade: g })
          : t('marks.projection', { score: n, max: p.max, grade: g });
      }),
  ];
  return (
    <Stack gap={0} data-testid="diary-projection">
      {lines.map((line) => (
        <Text key={line} size="xs" c="violet.8">
          {line}
        </Text>
      ))}
    </Stack>
  );
}

function SubjectDetails({
  s,
  period,
  studentId,
}: {
  s: DiarySubject;
  period: { startsOn: string; endsOn: string } | null;
  studentId: number;
}) {
  const { t } = useTranslation('diary');
  const locale = useLocale();
  const [shown, setShown] = useState<number | null>(null);
  return (
    <Stack gap="sm">
      <ProgressChart s={s} from={period?.startsOn} to={period?.endsOn} />
      <Text size="sm" fw={600}>
        {t('marks.fo')}
      </Text>
      {s.fo.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('marks.noMarks')}
        </Text>
      ) : (
        <Stack gap={4}>
          {s.fo.map((m) => (
            <Group key={m.lessonId} gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={80}>
                {formatDate(m.date, locale)}
              </Text>
              <MarkChip value={m.value} status={m.status} changed={m.changed} />
              {m.comment && (
                <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                  {m.comment}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {s.works.map((w) => (
        <Stack key={w.id} gap={4}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              <b>{t(`work.${w.kind}`)}</b> · {w.title} · {formatDate(w.date, locale)}
              {w.comment ? ` · ${w.comment}` : ''}
            </Text>
            <Badge variant="light" color={w.score === null ? 'gray' : 'violet'}>
              {w.score !== null
                ? t('work.score', { score: w.score, max: w.maxScore })
                : w.status
                  ? t(`mark.${w.status}`)
                  : t('work.notYet')}
            </Badge>
          </Group>
          {w.score !== null && (
            <Button
              variant="subtle"
              size="compact-xs"
              onClick={() => setShown(shown === w.id ? null : w.id)}
              aria-expanded={shown === w.id}
              data-testid={`distribution-toggle-${w.id}`}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('distribution.show')}
            </Button>
          )}
          {shown === w.id && <WorkDistribution studentId={studentId} workId={w.id} />}
        </Stack>
      ))}
    </Stack>
  );
}

/** Marks by subject: running grade and percent, components, the projection; tap a card for every mark. */
export function MarksView({ studentId }: { studentId: number }) {
  const { t } = useTranslation('diary');
  const [periodId, setPeriodId] = useState<number | null>(null);
  const [open, setOpen] = useState<DiarySubject | null>(null);
  const query = useDiarySubjects(studentId, periodId);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const periodLabel = (p: { kind: string; number: number }) =>
    t(p.kind === 'half_year' ? 'marks.half_year' : 'marks.quarter', { n: p.number });
  const mainKind = data.period?.kind;
  return (
    <Stack gap="sm">
      {data.periods.length > 0 && (
        <NativeSelect
          label={t('marks.period')}
          size="sm"
          value={String(data.period?.id ?? '')}
          onChange={(e) => setPeriodId(Number(e.currentTarget.value))}
          data={data.periods
            .filter((p) => p.kind === mainKind)
            .map((p) => ({
              value: String(p.id),
              label: `${periodLabel(p)}${p.closed ? ` · ${t('marks.closed')}` : ''}`,
            }))}
        />
      )}
      {data.subjects.length > 1 && (
        <Card withBorder radius="md" padding="sm">
          <SubjectsOverview subjects={data.subjects} />
        </Card>
      )}
      {data.subjects.map((s) => (
        <UnstyledButton key={s.assignmentId} onClick={() => setOpen(s)} data-testid={`diary-subject-${s.assignmentId}`}>
          <Card withBorder radius="md" padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {s.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.teacher}
                </Text>
                {s.mode === 'graded' && (
                  <Text size="xs">
                    {t('marks.components', { fo: pct(s.parts.fo), sor: pct(s.parts.sor), soch: pct(s.parts.soch) })}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {s.percent !== null && s.grade
                    ? t('marks.running', { percent: Math.round(s.percent * 10) / 10, grade: s.grade })
                    : t('marks.runningNoGrade')}{' '}
                  · {t(`marks.status.${s.status}`, { defaultValue: s.status })}
                </Text>
                {s.termGrade && <Text size="xs">{t('marks.fixed', { grade: s.termGrade.grade ?? '—' })}</Text>}
                <Projection s={s} />
                <Group gap={4} mt={4}>
                  {s.fo.slice(-8).map((m) => (
                    <MarkChip key={m.lessonId} value={m.value} status={m.status} changed={m.changed} />
                  ))}
                </Group>
              </Stack>
              <Badge
                size="xl"
                radius="sm"
                color={gradeColor(s.termGrade?.grade ?? s.grade)}
                data-testid="diary-subject-grade"
              >
                {s.termGrade?.grade ?? s.grade ?? '—'}
              </Badge>
            </Group>
          </Card>
        </UnstyledButton>
      ))}
      {data.year.length > 0 && (
        <Card withBorder radius="md" padding="sm">
          <Text fw={600} size="sm" mb="xs">
            {t('marks.earlier')}
          </Text>
          <Table.ScrollContainer minWidth={300}>
            <Table fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {(data.year[0]?.terms ?? []).map((_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the columns are the periods in order
                    <Table.Th key={i}>{i + 1}</Table.Th>
                  ))}
                  <Table.Th>{t('marks.year')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.year.map((y, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows follow the subjects' order
                  <Table.Tr key={n}>
                    <Table.Td>{y.subject}</Table.Td>
                    {y.terms.map((x, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the columns are the periods in order
                      <Table.Td key={i}>{x?.grade ?? '—'}</Table.Td>
                    ))}
                    <Table.Td>{y.year?.grade ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject} fullScreen={false} size="md">
        {open && <SubjectDetails s={open} period={data.period} studentId={studentId} />}
      </Modal>
    </Stack>
  );
}
