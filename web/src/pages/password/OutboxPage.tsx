import { Accordion, Anchor, Box, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../../api/passwords.js';
import { EmptyPage, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { isStatus } from '../../lib/apiError.js';

const sent = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU', {
    timeZone: 'Asia/Almaty',
    dateStyle: 'short',
    timeStyle: 'short',
  });

/** /dev/outbox — the demo's mailbox when no SMTP server is configured (the API has no such route in production). */
export default function OutboxPage() {
  const { t } = useTranslation('passwords');
  const outbox = useOutbox();
  const locale = useLocale();
  if (outbox.isPending) return <PageLoader />;
  if (isStatus(outbox.error, 404)) return <EmptyPage title={t('outbox.title')} text={t('outbox.unavailable')} />;
  if (outbox.isError) return <PageError error={outbox.error} onRetry={() => void outbox.refetch()} />;
  const items = outbox.data.items;
  return (
    <Stack gap="md">
      <Title order={2}>{t('outbox.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('outbox.text')}
      </Text>
      {items.length === 0 ? (
        <Text c="dimmed">{t('outbox.empty')}</Text>
      ) : (
        <Accordion variant="separated" data-testid="outbox-list">
          {items.map((m) => (
            <Accordion.Item key={m.id} value={String(m.id)} data-testid={`outbox-message-${m.id}`}>
              <Accordion.Control>
                <Text fw={600} size="sm">
                  {m.subject}
                </Text>
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {t('outbox.to')}: {m.to} · {sent(m.createdAt, locale)}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <Box
                  component="pre"
                  style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', margin: 0 }}
                  data-testid="outbox-text"
                >
                  <Linked text={m.text} />
                </Box>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

/** The message text with its links clickable: the point of the demo outbox is to follow them. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return parts.map((part, i) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
      <Anchor key={i} href={part} data-testid="outbox-link">
        {part}
      </Anchor>
    ) : (
      part
    ),
  );
}
