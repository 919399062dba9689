import { Badge, Card, Group, List, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import type { ParsedRow } from './BulkListParser.js';
import { formatDate, fullName } from './format.js';

interface Props {
  rows: ParsedRow[];
  /** Problems the server found (already localised), by row index. */
  serverProblems: Map<number, Array<{ field: string; message: string }>>;
}

function Problems({ messages }: { messages: string[] }) {
  return (
    <List size="xs" spacing={0} icon={<IconAlertCircle size={14} color="var(--mantine-color-red-6)" />}>
      {messages.map((m) => (
        <List.Item key={m}>
          <Text size="xs" c="red">
            {m}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** The pasted list as it will be sent, one line per person, with what is wrong next to each row. */
export function BulkPreviewTable({ rows, serverProblems }: Props) {
  const { t } = useTranslation(['credentials', 'persons', 'enums', 'errors']);
  const locale = useLocale();
  const narrow = useMediaQuery('(max-width: 48em)');
  const messagesOf = (r: ParsedRow, index: number) => [
    ...r.problems.map((p) => t(p.key)),
    ...(serverProblems.get(index) ?? []).map((p) => p.message),
  ];
  const dateOf = (r: ParsedRow) => (r.row.birthDate ? formatDate(r.row.birthDate, locale) : r.typed.birthDate);
  const genderOf = (r: ParsedRow) =>
    r.problems.some((p) => p.field === 'gender') ? r.typed.gender : t(`enums:gender.${r.row.gender}`);

  // On a phone a wide table would hide the problems off to the side: one card per row instead.
  if (narrow) {
    return (
      <Stack gap="xs" data-testid="bulk-preview">
        {rows.map((r, index) => {
          const messages = messagesOf(r, index);
          return (
            <Card
              key={r.line}
              withBorder
              padding="xs"
              bg={messages.length > 0 ? 'var(--mantine-color-red-light)' : undefined}
              data-testid={`bulk-row-${index}`}
              data-problem={messages.length > 0 ? 'true' : 'false'}
            >
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" miw={20}>
                  {r.line}
                </Text>
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {fullName(r.row) || '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[dateOf(r), genderOf(r), r.row.iin].filter(Boolean).join(' · ')}
                  </Text>
                  {messages.length > 0 && <Problems messages={messages} />}
                </Stack>
              </Group>
            </Card>
          );
        })}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={820} maxHeight={480}>
      <Table striped verticalSpacing={4} fz="sm" stickyHeader data-testid="bulk-preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('credentials:bulk.row')}</Table.Th>
            <Table.Th>{t('persons:fields.surname')}</Table.Th>
            <Table.Th>{t('persons:fields.firstName')}</Table.Th>
            <Table.Th>{t('persons:fields.patronymic')}</Table.Th>
            <Table.Th>{t('persons:fields.birthDate')}</Table.Th>
            <Table.Th>{t('persons:fields.gender')}</Table.Th>
            <Table.Th>{t('persons:fields.iin')}</Table.Th>
            <Table.Th>{t('credentials:bulk.problems')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, index) => {
            const messages = messagesOf(r, index);
            const bad = messages.length > 0;
            const invalid = new Set([
              ...r.problems.map((p) => p.field),
              ...(serverProblems.get(index) ?? []).map((p) => p.field),
            ]);
            const cell = (field: string, text: string) => (
              <Table.Td c={invalid.has(field) ? 'red' : undefined} fw={invalid.has(field) ? 600 : undefined}>
                {text}
              </Table.Td>
            );
            return (
              <Table.Tr
                key={r.line}
                bg={bad ? 'var(--mantine-color-red-light)' : undefined}
                data-testid={`bulk-row-${index}`}
                data-problem={bad ? 'true' : 'false'}
              >
                <Table.Td c="dimmed">{r.line}</Table.Td>
                {cell('surname', r.row.surname)}
                {cell('firstName', r.row.firstName)}
                {cell('patronymic', r.row.patronymic ?? '')}
                {cell('birthDate', dateOf(r))}
                {cell('gender', genderOf(r))}
                <Table.Td ff="monospace" c={invalid.has('iin') ? 'red' : undefined}>
                  {r.row.iin ?? ''}
                  {r.fromIin && (
                    <Badge ml={6} size="xs" variant="light">
                      {t('credentials:bulk.fromIin')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {bad ? (
                    <Problems messages={messages} />
                  ) : (
                    <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
