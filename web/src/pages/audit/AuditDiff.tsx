import { Code, Paper, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

/**
 * What an audited change did. Two objects are compared field by field (changed fields highlighted);
 * anything else (a creation with no "before", a list) is shown as the two JSON documents side by side.
 */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const narrow = useMediaQuery('(max-width: 48em)');
  const b = before ?? null;
  const a = after ?? null;

  if (isRecord(b) || isRecord(a)) {
    const left = isRecord(b) ? b : {};
    const right = isRecord(a) ? a : {};
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    if (narrow) {
      // On a phone three columns do not fit: one block per field, before above after.
      return (
        <Stack gap={6}>
          {keys.map((key) => {
            const l = isRecord(b) ? show(left[key]) : '';
            const r = isRecord(a) ? show(right[key]) : '';
            return (
              <Paper
                key={key}
                withBorder
                p={6}
                bg={l !== r ? 'var(--mantine-color-yellow-light)' : undefined}
                style={{ overflowWrap: 'anywhere' }}
              >
                <Text size="xs" ff="monospace" fw={700}>
                  {key}
                </Text>
                {isRecord(b) && (
                  <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('diff.before')}: {l || '—'}
                  </Text>
                )}
                {isRecord(a) && (
                  <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('diff.after')}: {r || '—'}
                  </Text>
                )}
              </Paper>
            );
          })}
        </Stack>
      );
    }
    return (
      <Table.ScrollContainer minWidth={480} type="native">
        <Table withTableBorder withColumnBorders verticalSpacing={4} fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="20%">{t('diff.field')}</Table.Th>
              <Table.Th w="40%">{t('diff.before')}</Table.Th>
              <Table.Th w="40%">{t('diff.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => {
              const l = show(left[key]);
              const r = show(right[key]);
              const changed = l !== r;
              return (
                <Table.Tr key={key} bg={changed ? 'var(--mantine-color-yellow-light)' : undefined}>
                  <Table.Td ff="monospace" fw={changed ? 700 : 400}>
                    {key}
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {isRecord(b) ? l : ''}
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {isRecord(a) ? r : ''}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  if (b === null && a === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('diff.none')}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      {[
        [t('diff.before'), b],
        [t('diff.after'), a],
      ].map(([label, value]) => (
        <Stack gap={2} key={String(label)}>
          <Text size="xs" fw={600}>
            {String(label)}
          </Text>
          <ScrollArea.Autosize mah={240}>
            <Code block>{value === null ? '—' : show(value)}</Code>
          </ScrollArea.Autosize>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
