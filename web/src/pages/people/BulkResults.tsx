import { Alert, Button, Card, CopyButton, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BulkCreated } from '../../api/credentials.js';
import { useLocale } from '../../i18n.js';
import { CredentialSlipsButton } from './CredentialSlipsButton.js';
import { formatDate, fullName, todayInKazakhstan } from './format.js';

interface Props {
  result: BulkCreated;
  onDone: () => void;
}

/**
 * The one showing of a batch's temporary passwords: the table to copy from and the slips to print (1, 4 or
 * 8 to an A4 page). Leaving the page forgets them; the server keeps only hashes.
 */
export function BulkResults({ result, onDone }: Props) {
  const { t } = useTranslation('credentials');
  const locale = useLocale();
  const narrow = useMediaQuery('(max-width: 36em)');
  // The last whole day the passwords work, as the slips print it.
  const lastDay = todayInKazakhstan(new Date(new Date(result.expiresAt).getTime() - 86_400_000));
  const asText = result.items.map((i) => [fullName(i), i.username, i.temporaryPassword].join('\t')).join('\n');
  return (
    <Stack gap="md" data-testid="bulk-results">
      <Title order={3}>{t('results.title', { count: result.items.length })}</Title>
      <Alert color="yellow" icon={<IconInfoCircle />} p="sm">
        <Text size="sm">{t('results.onceOnly')}</Text>
        <Text size="sm">{t('results.validThrough', { date: formatDate(lastDay, locale) })}</Text>
      </Alert>
      <CredentialSlipsButton
        items={result.items.map((i) => ({ personId: i.personId, temporaryPassword: i.temporaryPassword }))}
        choosePerPage
        variant="filled"
      />
      {narrow ? (
        <Stack gap="xs">
          {result.items.map((i) => (
            <Card key={i.personId} withBorder padding="xs" data-testid={`bulk-result-${i.personId}`}>
              <Text size="sm" fw={600}>
                {fullName(i)}
              </Text>
              <Group gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {t('results.username')}
                </Text>
                <Text ff="monospace" size="sm" data-testid="bulk-result-username">
                  {i.username}
                </Text>
              </Group>
              <Group gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {t('results.password')}
                </Text>
                <Text ff="monospace" size="sm" data-testid="bulk-result-password">
                  {i.temporaryPassword}
                </Text>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={520} maxHeight={520}>
          <Table striped stickyHeader verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('results.name')}</Table.Th>
                <Table.Th>{t('results.username')}</Table.Th>
                <Table.Th>{t('results.password')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.items.map((i) => (
                <Table.Tr key={i.personId} data-testid={`bulk-result-${i.personId}`}>
                  <Table.Td>{fullName(i)}</Table.Td>
                  <Table.Td ff="monospace" data-testid="bulk-result-username">
                    {i.username}
                  </Table.Td>
                  <Table.Td ff="monospace" data-testid="bulk-result-password">
                    {i.temporaryPassword}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between" gap="sm">
        <CopyButton value={asText} timeout={1500}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? t('results.copied') : t('results.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone} data-testid="bulk-done">
          {t('results.done')}
        </Button>
      </Group>
    </Stack>
  );
}
