import { Accordion, Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFillIn } from '../../api/reports.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../../lib/format.js';
import { localName } from '../../lib/localName.js';

/** The journal fill-in status per teacher: totals, and the assignments with their dates on opening a teacher. */
export function FillInTab({ periodId }: { periodId: number }) {
  const { t } = useTranslation('reports');
  const locale = useLocale();
  const q = useFillIn(periodId);
  if (q.isPending) return <PageLoader />;
  if (q.error) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const count = (n: number, key: string, color: string) =>
    n > 0 ? (
      <Badge color={color} variant="light" size="sm">
        {t(`columns.${key}`)}: {n}
      </Badge>
    ) : null;
  const dates = (list: string[]) => [...new Set(list)].map((d) => formatDate(d, locale)).join(', ');
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" data-testid="reports-fill-in-today">
        {t('page.today', { date: formatDate(r.today, locale) })}
      </Text>
      {r.teachers.length === 0 ? (
        <Text c="dimmed">{t('page.nothingToFill')}</Text>
      ) : (
        <Accordion variant="separated" multiple data-testid="reports-fill-in">
          {r.teachers.map((teacher) => (
            <Accordion.Item key={teacher.teacherPersonId} value={String(teacher.teacherPersonId)}>
              <Accordion.Control>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{teacher.name}</Text>
                  {count(teacher.noTopic, 'noTopic', 'yellow')}
                  {count(teacher.empty, 'empty', 'gray')}
                  {count(teacher.missingSoch, 'missingSoch', 'red')}
                  {count(teacher.unscoredSoch, 'unscoredSoch', 'orange')}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  {teacher.items.map((item) => (
                    <Stack key={`${item.assignmentId}`} gap={2}>
                      <Text size="sm" fw={600}>
                        {item.classLabel} · {localName(item.subject, locale)}
                        {item.subgroupName ? ` (${item.subgroupName})` : ''}
                      </Text>
                      <List size="sm" spacing={2}>
                        {item.noTopic.length > 0 && (
                          <List.Item>
                            {t('columns.noTopic')} ({item.noTopic.length}): {dates(item.noTopic)}
                          </List.Item>
                        )}
                        {item.empty.length > 0 && (
                          <List.Item>
                            {t('columns.empty')} ({item.empty.length}): {dates(item.empty)}
                          </List.Item>
                        )}
                        {item.missingSoch && <List.Item>{t('page.missingSochItem')}</List.Item>}
                        {item.unscoredSoch.map((w) => (
                          <List.Item key={w.workId}>
                            {t('page.unscored', {
                              title: w.title,
                              date: formatDate(w.date, locale),
                              count: w.students,
                            })}
                          </List.Item>
                        ))}
                      </List>
                    </Stack>
                  ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
