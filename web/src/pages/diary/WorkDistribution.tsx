import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useWorkDistribution } from '../../api/diary.js';
import { PageError } from '../../components/PageState.js';
import { gradeColor } from './MarkChip.js';

/**
 * How the class did on one СОр / СОч: a bar per grade band with the number of pupils in it, the student's own band
 * outlined. Counts only — the server sends no names — and nothing at all where the school has not allowed it or
 * too few pupils have scores to stay anonymous.
 */
export function WorkDistribution({ studentId, workId }: { studentId: number; workId: number }) {
  const { t } = useTranslation('diary');
  const query = useWorkDistribution(studentId, workId);
  if (query.isPending) return <Text size="xs">…</Text>;
  if (query.isError) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data;
  if (d.hidden)
    return (
      <Text size="xs" c="dimmed" data-testid="distribution-hidden">
        {t(`distribution.hidden.${d.hidden}`)}
      </Text>
    );
  const total = d.bands.reduce((n, b) => n + b.count, 0);
  const top = Math.max(1, ...d.bands.map((b) => b.count));
  return (
    <Stack gap={4} data-testid="distribution" aria-label={t('distribution.title')}>
      <Text size="xs" c="dimmed">
        {t('distribution.total', { count: total })}
      </Text>
      {d.bands.map((b) => (
        <Group key={b.grade} gap="xs" wrap="nowrap" data-testid={`distribution-band-${b.grade}`}>
          <Text size="xs" w={70} style={{ whiteSpace: 'nowrap' }}>
            «{b.grade}» {b.from}–{b.to}%
          </Text>
          <svg viewBox="0 0 100 10" width="100%" height={12} preserveAspectRatio="none" aria-hidden="true">
            <rect
              x={0}
              y={0}
              width={(b.count / top) * 100}
              height={10}
              rx={1}
              fill={`var(--mantine-color-${gradeColor(b.grade)}-5)`}
              stroke={d.own === b.grade ? 'var(--mantine-color-dark-6)' : 'none'}
              strokeWidth={d.own === b.grade ? 1.5 : 0}
            />
          </svg>
          <Text
            size="xs"
            w={56}
            ta="right"
            fw={d.own === b.grade ? 700 : 400}
            style={{ whiteSpace: 'nowrap' }}
            data-testid={`distribution-count-${b.grade}`}
          >
            {b.count}
            {d.own === b.grade ? ` · ${t('distribution.you')}` : ''}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
