import type { DeviceKind } from '@common/schemas/sessions.js';
import { Alert, Badge, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconDeviceDesktop,
  IconDeviceMobile,
  IconDeviceTablet,
  IconDeviceUnknown,
  IconLogout2,
  IconShieldX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type MySession,
  useEndOtherSessions,
  useEndSession,
  useMySessions,
  useReportCompromise,
} from '../../api/sessions.js';
import { notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { ConfirmModal } from '../people/ConfirmModal.js';
import { formatDateTime } from '../people/format.js';

const ICONS: Record<DeviceKind, typeof IconDeviceDesktop> = {
  desktop: IconDeviceDesktop,
  mobile: IconDeviceMobile,
  tablet: IconDeviceTablet,
  other: IconDeviceUnknown,
  unknown: IconDeviceUnknown,
};

function SessionCard({ session }: { session: MySession }) {
  const { t } = useTranslation('sessions');
  const locale = useLocale();
  const end = useEndSession();
  const Icon = ICONS[session.deviceKind];
  const device = [session.browser, session.os].filter(Boolean).join(' · ') || t('unknownDevice');

  return (
    <Card withBorder radius="md" padding="md" data-testid={`session-${session.id}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Group align="flex-start" gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 240px' }}>
          <ThemeIcon variant="light" size="lg" radius="md" aria-label={t(`kind.${session.deviceKind}`)}>
            <Icon size={20} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="session-device">
                {device}
              </Text>
              {session.current && (
                <Badge color="green" variant="light" data-testid="session-current">
                  {t('thisDevice')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {t('lastActive')}: {formatDateTime(session.lastSeenAt, locale)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('signedIn')}: {formatDateTime(session.createdAt, locale)}
            </Text>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('address')}: {session.ip ?? t('unknownAddress')}
            </Text>
          </Stack>
        </Group>
        {!session.current && (
          <Button
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconLogout2 size={16} />}
            loading={end.isPending}
            onClick={() => end.mutate(session.id, { onSuccess: () => notifySuccess(t('ended')) })}
            data-testid={`session-end-${session.id}`}
          >
            {t('end')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

/** /sessions — where I am signed in; end a session, all others, or everything ("my account is compromised"). */
export default function SessionsPage() {
  const { t } = useTranslation('sessions');
  const navigate = useNavigate();
  const sessions = useMySessions();
  const endOthers = useEndOtherSessions();
  const compromise = useReportCompromise();
  const [confirm, setConfirm] = useState<'others' | 'compromised' | null>(null);

  const others = sessions.data?.items.filter((s) => !s.current).length ?? 0;

  return (
    <Stack gap="lg" maw={760}>
      <Stack gap="xs">
        <Title order={2}>{t('title')}</Title>
        <Text size="sm">{t('intro')}</Text>
        <Text size="xs" c="dimmed">
          {t('placeNote')}
        </Text>
      </Stack>

      {sessions.isPending ? (
        <PageLoader />
      ) : sessions.error ? (
        <PageError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Stack gap="sm" data-testid="sessions-list">
          {sessions.data.items.map((s) => (
            <SessionCard key={s.id} session={s} />
          ))}
          <Group justify="flex-start">
            {others > 0 ? (
              <Button
                variant="default"
                leftSection={<IconLogout2 size={16} />}
                onClick={() => setConfirm('others')}
                data-testid="sessions-end-others"
              >
                {t('endOthers.button')}
              </Button>
            ) : (
              <Text size="sm" c="dimmed" data-testid="sessions-no-others">
                {t('endOthers.none')}
              </Text>
            )}
          </Group>
        </Stack>
      )}

      <Alert color="red" variant="light" icon={<IconShieldX />} title={t('compromised.title')}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('compromised.text')}</Text>
          <Button color="red" onClick={() => setConfirm('compromised')} data-testid="sessions-compromised">
            {t('compromised.button')}
          </Button>
        </Stack>
      </Alert>

      <ConfirmModal
        opened={confirm === 'others'}
        title={t('endOthers.title')}
        text={t('endOthers.text')}
        confirmLabel={t('endOthers.confirm')}
        loading={endOthers.isPending}
        onConfirm={() =>
          endOthers.mutate(undefined, {
            onSuccess: (result) => {
              setConfirm(null);
              notifySuccess(t('endOthers.done', { count: result.ended }));
            },
          })
        }
        onClose={() => setConfirm(null)}
      />
      <ConfirmModal
        opened={confirm === 'compromised'}
        title={t('compromised.confirmTitle')}
        text={t('compromised.confirmText')}
        confirmLabel={t('compromised.confirm')}
        loading={compromise.isPending}
        onConfirm={() =>
          compromise.mutate(undefined, {
            onSuccess: () => {
              // Stays until read: it says what to do next (sign in, choose a new password).
              notifications.show({ color: 'teal', message: t('compromised.done'), autoClose: false });
              navigate('/sign-in', { replace: true });
            },
          })
        }
        onClose={() => setConfirm(null)}
      />
    </Stack>
  );
}
