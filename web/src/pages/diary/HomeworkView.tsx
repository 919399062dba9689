import { Badge, Card, Checkbox, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type HomeworkFilter, useDiaryHomework, useSetHomeworkDone } from '../../api/diary.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';

/** Homework: due, overdue, done. Only the student ticks (a parent sees the tick, disabled). */
export function HomeworkView({ studentId, canTick }: { studentId: number; canTick: boolean }) {
  const { t } = useTranslation('diary');
  const locale = useLocale();
  const [filter, setFilter] = useState<HomeworkFilter>('due');
  const query = useDiaryHomework(studentId, filter);
  const tick = useSetHomeworkDone(studentId);
  return (
    <Stack gap="sm">
      <SegmentedControl
        fullWidth
        value={filter}
        onChange={(v) => setFilter(v as HomeworkFilter)}
        data={(['due', 'overdue', 'done'] as const).map((f) => ({ value: f, label: t(`homework.filter.${f}`) }))}
      />
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('homework.empty')}
        </Text>
      ) : (
        query.data.map((h) => (
          <Card key={h.id} withBorder radius="md" padding="sm" data-testid={`diary-homework-${h.id}`}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm">
                  {h.subject}
                </Text>
                <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                  {h.text}
                </Text>
                <Text size="xs" c={filter === 'overdue' ? 'red' : 'dimmed'}>
                  {t('homework.setOn', { date: formatDate(h.setOn, locale) })}
                  {h.dueDate ? ` · ${t('week.due', { date: formatDate(h.dueDate, locale) })}` : ''}
                </Text>
                {h.attachments.length > 0 && (
                  <Group gap={4}>
                    {h.attachments.map((a) => (
                      <Badge key={a.id} size="xs" variant="light" leftSection={<IconPaperclip size={10} />}>
                        {a.fileName}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Stack>
              <Checkbox
                size="md"
                aria-label={t('homework.done')}
                title={canTick ? t('homework.done') : t('homework.parentCannotTick')}
                checked={h.done}
                disabled={!canTick || tick.isPending}
                onChange={(e) => tick.mutate({ homeworkId: h.id, done: e.currentTarget.checked })}
              />
            </Group>
          </Card>
        ))
      )}
    </Stack>
  );
}
