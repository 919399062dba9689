import { NEWSLETTER_BODY_MAX, NEWSLETTER_SUBJECT_MAX } from '@common/schemas/newsletters.js';
import { Button, Card, Group, Modal, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { useNewsletters, useSendNewsletter } from '../../api/newsletters.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';

const dateTime = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', {
    timeZone: 'Asia/Almaty',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));

/**
 * /newsletters — the system newsletter (agreement 4.16): an authority's administrator writes it, confirms who it
 * goes to (everyone in the institution's subtree with a confirmed e-mail and the newsletter on), and sees what
 * the institution sent.
 */
export default function NewslettersPage() {
  const { t } = useTranslation('notifications');
  const locale = useLocale();
  const me = useCurrentMe();
  const allowed = me.capabilities.sendNewsletters;
  const sent = useNewsletters(allowed);
  const send = useSendNewsletter();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [confirming, setConfirming] = useState(false);
  if (!allowed) return <NoAccess />;
  if (sent.isPending) return <PageLoader />;
  if (sent.isError) return <PageError error={sent.error} onRetry={() => sent.refetch()} />;
  const scope = me.context ? localName(me.context.institutionName, locale) : '';
  const ready = subject.trim().length > 0 && body.trim().length > 0;

  const submit = () =>
    send.mutate(
      { subject: subject.trim(), body: body.trim() },
      {
        onSuccess: (n) => {
          notifySuccess(t('newsletter.sent', { count: n.recipients }));
          setSubject('');
          setBody('');
          setConfirming(false);
        },
        onError: (e) => {
          setConfirming(false);
          notifyError(e);
        },
      },
    );

  return (
    <Stack gap="lg" maw={760}>
      <Title order={2}>{t('newsletter.title')}</Title>
      <Text size="sm">{t('newsletter.intro')}</Text>
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <TextInput
            label={t('newsletter.subject')}
            value={subject}
            maxLength={NEWSLETTER_SUBJECT_MAX}
            required
            onChange={(e) => setSubject(e.currentTarget.value)}
            data-testid="newsletter-subject"
          />
          <Textarea
            label={t('newsletter.body')}
            value={body}
            maxLength={NEWSLETTER_BODY_MAX}
            autosize
            minRows={6}
            required
            onChange={(e) => setBody(e.currentTarget.value)}
            data-testid="newsletter-body"
          />
          <Group justify="flex-end">
            <Button disabled={!ready} onClick={() => setConfirming(true)} data-testid="newsletter-review">
              {t('newsletter.review')}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('newsletter.confirmTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('newsletter.scope', { name: scope })}</Text>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {subject}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('newsletter.back')}
            </Button>
            <Button loading={send.isPending} onClick={submit} data-testid="newsletter-send">
              {t('newsletter.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Title order={3}>{t('newsletter.sentTitle')}</Title>
      {sent.data.items.length === 0 ? (
        <Text c="dimmed">{t('newsletter.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('newsletter.subject')}</Table.Th>
                <Table.Th>{t('newsletter.sentAt')}</Table.Th>
                <Table.Th ta="right">{t('newsletter.recipients')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sent.data.items.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{n.subject}</Table.Td>
                  <Table.Td>{dateTime(n.sentAt, locale)}</Table.Td>
                  <Table.Td ta="right">{n.recipients}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
