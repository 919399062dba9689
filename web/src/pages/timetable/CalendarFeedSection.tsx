import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarPlus, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendarFeed, useCreateCalendarFeed, useRevokeCalendarFeed } from '../../api/timetable.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';

/**
 * "Add to phone calendar": a secret address the phone's calendar subscribes to. The address is shown once,
 * right after it is made (only its hash is kept); a new one replaces the old, and revoking stops it at once.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);

  const make = () =>
    create.mutate(undefined, {
      onSuccess: (r) => setUrl(r.url),
    });
  const active = feed.data?.active ?? false;

  return (
    <Card withBorder radius="md" padding="md" data-testid="calendar-feed">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCalendarPlus size={20} />
          <Title order={4}>{t('feed.title')}</Title>
        </Group>
        <Text size="sm">{t('feed.intro')}</Text>
        {url && (
          <Alert color="teal" variant="light" title={t('feed.createdTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('feed.createdText')}</Text>
              <Group gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  value={url}
                  readOnly
                  onFocus={(e) => e.currentTarget.select()}
                  style={{ flex: 1, minWidth: 0 }}
                  aria-label={t('feed.address')}
                  data-testid="calendar-feed-url"
                />
                <CopyButton value={url} timeout={1500}>
                  {({ copied, copy }) => (
                    <Button
                      variant="light"
                      leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      onClick={copy}
                      data-testid="calendar-feed-copy"
                    >
                      {copied ? t('feed.copied') : t('feed.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="xs" c="dimmed">
                {t('feed.howTo')}
              </Text>
            </Stack>
          </Alert>
        )}
        {active && !url && (
          <Text size="sm" c="dimmed" data-testid="calendar-feed-active">
            {t('feed.active', { date: feed.data?.createdAt ? formatDateTime(feed.data.createdAt, locale) : '' })}
            {feed.data?.lastUsedAt
              ? ` ${t('feed.lastUsed', { date: formatDateTime(feed.data.lastUsedAt, locale) })}`
              : ''}
          </Text>
        )}
        <Group gap="xs">
          <Button onClick={make} loading={create.isPending} data-testid="calendar-feed-create">
            {active || url ? t('feed.renew') : t('feed.create')}
          </Button>
          {(active || url) && (
            <Button
              variant="light"
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(undefined, {
                  onSuccess: () => {
                    setUrl(null);
                    notifySuccess(t('feed.revoked'));
                  },
                })
              }
              data-testid="calendar-feed-revoke"
            >
              {t('feed.revoke')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
