import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Credentials } from '../../api/persons.js';

interface Props {
  credentials: Credentials | null;
  /** Whose credentials these are (shown in the title and on the printout). */
  personName: string;
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

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * A slip to hand over on paper: a small document of its own in a new window, so the page behind the dialog
 * is not printed with it.
 */
function printSlip(lines: { title: string; rows: Array<[string, string]>; hint: string; lang: string }) {
  const win = window.open('', '_blank', 'width=600,height=500');
  if (!win) return;
  const rows = lines.rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join('');
  win.document.write(
    `<!doctype html><html lang="${escapeHtml(lines.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(lines.title)}</title>` +
      '<style>body{font:16px system-ui,sans-serif;margin:32px}th{text-align:left;padding:8px 16px 8px 0}' +
      'code{font-size:20px}p{max-width:32em}</style></head>' +
      `<body><h2>${escapeHtml(lines.title)}</h2><table>${rows}</table><p>${escapeHtml(lines.hint)}</p></body></html>`,
  );
  win.document.close();
  win.focus();
  win.print();
}

/**
 * The one and only showing of a temporary password (the server keeps just its hash). It cannot be dismissed
 * by a stray click outside: the administrator confirms with "Done" once the credentials are handed over.
 */
export function CredentialsModal({ credentials, personName, onDone }: Props) {
  const { t, i18n } = useTranslation('persons');
  const print = () => {
    if (!credentials) return;
    printSlip({
      title: personName,
      rows: [
        [t('credentials.username'), credentials.username],
        [t('credentials.password'), credentials.temporaryPassword],
      ],
      hint: t('credentials.handOver'),
      lang: i18n.language,
    });
  };
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
            <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={print}>
              {t('credentials.print')}
            </Button>
            <Button onClick={onDone} data-testid="credentials-done">
              {t('credentials.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
