import type { JournalResults } from '@common/schemas/journal-results.js';
import { Alert, Badge, Group, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useJournalResults } from '../../api/topic-plans.js';
import { errorMessage } from '../../components/notify.js';

type Fixed = JournalResults['students'][number]['year'];

/** A fixed result as the journal writes it: «5», н/а, зачёт, освобождён… */
function label(t: TFunction, r: NonNullable<Fixed>): string {
  if (r.grade === null) {
    if (r.status === 'exempt') return t('running.exempt');
    if (r.status === 'ungraded') return t('running.ungraded');
    return '—';
  }
  if (r.grade === 'na') return t('running.na');
  if (r.grade === 'pass') return t('running.pass');
  if (r.grade === 'fail') return t('running.fail');
  return r.grade;
}

function Cell({ result, testId }: { result: Fixed; testId: string }) {
  const { t } = useTranslation('journal');
  if (!result) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        ·
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" data-testid={testId} data-fixed="true">
      <Text size="sm" fw={600}>
        {label(t, result)}
      </Text>
      <IconLock size={12} aria-label={t('results.locked')} />
    </Group>
  );
}

/**
 * The year's results of one journal: student × period (the term grade fixed when the period closed) and the
 * year grade fixed when the last one closed. Read-only: the rules forbid revising them.
 */
export function ResultsTable({ assignmentId }: { assignmentId: number }) {
  const { t } = useTranslation('journal');
  const results = useJournalResults(assignmentId);
  if (results.isPending) return <Loader size="sm" />;
  if (results.error) return <Alert color="red">{errorMessage(results.error)}</Alert>;
  const r = results.data;
  return (
    <Stack gap="xs" data-testid="journal-results">
      <Title order={4}>{t('results.title')}</Title>
      <Text size="xs" c="dimmed">
        {t('results.fixed')}
      </Text>
      {r.students.length === 0 ? (
        <Text c="dimmed">{t('results.none')}</Text>
      ) : (
        <ScrollArea>
          <Table striped withTableBorder withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('results.student')}</Table.Th>
                {r.periods.map((p) => (
                  <Table.Th key={p.id}>
                    <Group gap={4} wrap="nowrap">
                      {t(`grid.${p.kind}`, { n: p.number })}
                      {p.closed ? (
                        <IconLock size={12} aria-label={t('results.locked')} />
                      ) : (
                        <Badge size="xs" variant="light" color="gray">
                          {t('results.open')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Th>
                ))}
                <Table.Th>{t('results.year')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.students.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.name}</Table.Td>
                  {s.terms.map((term, i) => (
                    <Table.Td key={r.periods[i]!.id}>
                      <Cell result={term} testId={`result-${s.id}-${r.periods[i]!.id}`} />
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Cell result={s.year} testId={`result-${s.id}-year`} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
