import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type Notification,
  useMarkAllRead,
  useMarkRead,
  useNotificationStream,
  useNotifications,
  useUnreadCount,
} from '../api/notifications.js';
import { useLocale } from '../i18n.js';

/** Where a notification leads: the child's diary tab it is about, the sessions page for account events (the server
 *  builds the same link for a push: notifications.presenter.ts targetOf). */
function targetOf(n: Notification): string | null {
  if (n.kind === 'security') return '/sessions';
  if (!n.student) return null;
  const tab = n.kind === 'mark' || n.kind === 'termGrade' ? 'marks' : n.kind === 'homework' ? 'homework' : 'week';
  return `/diary?student=${n.student.personId}&tab=${tab}`;
}

function when(iso: string, locale: string) {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(locale === 'kk' ? 'kk-KZ' : locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Almaty',
  }).format(d);
}

/**
 * The bell in the header (issue 7 §2): the unread count (refetched the moment the server's event stream says there
 * is something new — within the second of a teacher's save —, on focus, and polled as a fallback), and a list of the newest
 * notifications; opening one marks it read and goes to the diary tab it is about; «mark all read»; the settings.
 */
export function NotificationBell({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('notifications');
  const locale = useLocale();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  useNotificationStream();
  const unread = useUnreadCount();
  const list = useNotifications(opened);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const count = list.data?.unreadCount ?? unread.data ?? 0;

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = targetOf(n);
    setOpened(false);
    if (to) void navigate(to);
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(360px, calc(100vw - 16px))"
      shadow="md"
      withinPortal
    >
      <Popover.Target>
        <Indicator
          label={count > 99 ? '99+' : count}
          size={16}
          color="red"
          offset={6}
          disabled={count === 0}
          data-testid="bell-count"
          data-count={count}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size={compact ? 'md' : 'lg'}
            aria-label={count > 0 ? t('web.bell.labelUnread', { count }) : t('web.bell.label')}
            onClick={() => setOpened((o) => !o)}
            data-testid="bell"
          >
            <IconBell size={compact ? 18 : 20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="bell-list">
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('web.bell.title')}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="bell-read-all"
          >
            {t('web.bell.readAll')}
          </Button>
        </Group>
        <ScrollArea.Autosize mah="60vh" type="auto">
          {list.isPending ? (
            <Text size="sm" c="dimmed">
              …
            </Text>
          ) : list.isError ? (
            <Text size="sm" c="red">
              {t('web.bell.error')}
            </Text>
          ) : list.data.items.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="bell-empty">
              {t('web.bell.empty')}
            </Text>
          ) : (
            <Stack gap={2}>
              {list.data.items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  p={6}
                  style={{ borderRadius: 6, background: n.readAt ? undefined : 'var(--mantine-color-blue-0)' }}
                  data-testid={`bell-item-${n.id}`}
                  data-unread={n.readAt ? undefined : 'true'}
                >
                  <Group gap={6} wrap="nowrap" align="flex-start">
                    <Box
                      mt={6}
                      w={8}
                      h={8}
                      style={{
                        flex: 'none',
                        borderRadius: 4,
                        background: n.readAt ? 'transparent' : 'var(--mantine-color-blue-6)',
                      }}
                      aria-hidden
                    />
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {n.text}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`kind.${n.kind}`)} · {when(n.createdAt, locale)}
                        {n.readAt ? '' : ` · ${t('web.bell.unread')}`}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
        <Anchor
          component={Link}
          to="/settings/notifications"
          size="xs"
          mt="xs"
          display="block"
          onClick={() => setOpened(false)}
          data-testid="bell-settings"
        >
          {t('web.bell.settings')}
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
