import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Credentials } from '../../api/persons.js';
import { CredentialSlipsButton } from './CredentialSlipsButton.js';

interface Props {
  credentials: Credentials | null;
  /** Whose credentials these are (shown in the title). */
  personName: string;
  /** The person's id: the server prints their slip (PDF, in their language) after checking the password. */
  personId: number | null;
  onDone: () => void;
}

function CopyValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation('persons');
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="lg" px="sm" py={6} style={{ flex: 1, wordBreak: 'break-all' }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('credentials.copied') : t('credentials.copy')} withArrow>
              <ActionIcon
                variant="light"
                color={copied ? 'teal' : 'blue'}
                size="lg"
                onClick={copy}
                aria-label={`${t('credentials.copy')}: ${label}`}
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/**
 * The one and only showing of a temporary password (the server keeps just its hash). It cannot be dismissed
 * by a stray click outside: the administrator confirms with "Done" once the credentials are handed over.
 */
export function CredentialsModal({ credentials, personName, personId, onDone }: Props) {
  const { t } = useTranslation('persons');
  return (
    <Modal
      opened={credentials !== null}
      onClose={onDone}
      title={t('credentials.title', { name: personName })}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      centered
      size="md"
    >
      {credentials && (
        <Stack gap="md">
          <Alert color="yellow" icon={<IconInfoCircle />} p="sm">
            <Text size="sm">{t('credentials.onceOnly')}</Text>
          </Alert>
          <CopyValue label={t('credentials.username')} value={credentials.username} testId="credentials-username" />
          <CopyValue
            label={t('credentials.password')}
            value={credentials.temporaryPassword}
            testId="credentials-password"
          />
          <Text size="sm" c="dimmed">
            {t('credentials.handOver')}
          </Text>
          <Group justify="space-between" gap="xs">
            {personId !== null ? (
              <CredentialSlipsButton items={[{ personId, temporaryPassword: credentials.temporaryPassword }]} />
            ) : (
              <span />
            )}
            <Button onClick={onDone} data-testid="credentials-done">
              {t('credentials.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
