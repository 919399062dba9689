import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Contact,
  type KindSetting,
  useAddContact,
  useContacts,
  useNotificationSettings,
  usePushToggle,
  useRemoveContact,
  useSaveNotificationSettings,
} from '../../api/notifications.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { currentPushSubscription, disablePush, enablePush, pushAvailable, pushSupported } from '../../lib/push.js';

/**
 * /settings/notifications (issue 7 §2), phone first: for each kind of event a switch per channel (in the app,
 * e-mail, e-mail in the daily digest, push once a device receives them), push on this device, quiet hours for
 * e-mail and push, and the contacts e-mail goes to (an address receives nothing but its confirmation until it is
 * confirmed). Saves are optimistic and queued (useSaveNotificationSettings): a switch never flips back.
 */
export default function NotificationSettingsPage() {
  const { t } = useTranslation('notifications');
  return (
    <Stack gap="md" maw={640}>
      <Title order={2}>{t('web.settings.title')}</Title>
      <PushCard />
      <KindsCard />
      <QuietHoursCard />
      <ContactsCard />
    </Stack>
  );
}

function KindsCard() {
  const { t } = useTranslation('notifications');
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  if (settings.isPending) return <PageLoader />;
  if (settings.isError) return <PageError error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const change = (k: KindSetting, patch: Partial<KindSetting>) =>
    save.mutate({ kinds: [{ ...k, ...patch }] }, { onSuccess: () => notifySuccess(t('web.settings.saved')) });
  return (
    <Card withBorder radius="md" padding="sm" data-testid="notification-kinds">
      <Stack gap="sm">
        {!s.hasConfirmedEmail && (
          <Alert color="yellow" data-testid="notification-no-email">
            {t('web.settings.noEmail')}
          </Alert>
        )}
        {s.kinds.map((k) => {
          // Security events always reach the bell (the server keeps it on); the newsletter is e-mail only.
          const inAppFixed = k.kind === 'security' || k.kind === 'newsletter';
          return (
            <Stack key={k.kind} gap={4} data-testid={`notification-kind-${k.kind}`}>
              <Text fw={600} size="sm">
                {t(`kind.${k.kind}`)}
              </Text>
              <Group gap="md" wrap="wrap">
                {k.kind !== 'newsletter' && (
                  <Switch
                    size="sm"
                    label={t('channel.inApp')}
                    checked={k.kind === 'security' || k.inApp}
                    disabled={inAppFixed}
                    onChange={(e) => change(k, { inApp: e.currentTarget.checked })}
                    data-testid={`notification-${k.kind}-inApp`}
                  />
                )}
                <Switch
                  size="sm"
                  label={t('channel.email')}
                  checked={k.email}
                  onChange={(e) => change(k, { email: e.currentTarget.checked })}
                  data-testid={`notification-${k.kind}-email`}
                />
                <Switch
                  size="sm"
                  label={t('channel.digest')}
                  checked={k.digest}
                  disabled={!k.email}
                  onChange={(e) => change(k, { digest: e.currentTarget.checked })}
                  data-testid={`notification-${k.kind}-digest`}
                />
                {s.pushDevices > 0 && k.kind !== 'newsletter' && (
                  <Switch
                    size="sm"
                    label={t('channel.push')}
                    checked={k.push}
                    onChange={(e) => change(k, { push: e.currentTarget.checked })}
                    data-testid={`notification-${k.kind}-push`}
                  />
                )}
              </Group>
            </Stack>
          );
        })}
        <Text size="xs" c="dimmed">
          {t('web.settings.digestAt', { time: s.digestAt })}
        </Text>
      </Stack>
    </Card>
  );
}

type PushState = 'on' | 'off' | 'blocked';

/**
 * «Notifications on this device»: asks the browser's permission, subscribes it and registers it with the server
 * (lib/push.ts); off again unsubscribes. Hidden where the browser has no PushManager or no service worker runs.
 */
function PushCard() {
  const { t } = useTranslation('notifications');
  const settings = useNotificationSettings();
  const [state, setState] = useState<PushState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      if (!pushSupported()) return;
      const next: PushState | null = (await pushAvailable())
        ? (await currentPushSubscription())
          ? 'on'
          : 'off'
        : Notification.permission === 'denied'
          ? 'blocked'
          : null;
      if (live) setState(next);
    })();
    return () => {
      live = false;
    };
  }, []);
  const toggle = usePushToggle(async (on) => {
    setError(null);
    try {
      if (on) await enablePush();
      else await disablePush();
      setState(on ? 'on' : 'off');
    } catch {
      const blocked = typeof Notification !== 'undefined' && Notification.permission === 'denied';
      setState(blocked ? 'blocked' : 'off');
      setError(blocked ? null : t('web.push.failed'));
    }
  });
  if (state === null) return null;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="notification-push">
      <Stack gap="xs">
        <Switch
          label={t('web.push.enable')}
          checked={state === 'on'}
          disabled={state === 'blocked' || toggle.isPending}
          onChange={(e) => toggle.mutate(e.currentTarget.checked)}
          data-testid="notification-push-switch"
        />
        <Text size="xs" c="dimmed">
          {t('web.push.hint')}
        </Text>
        {state === 'blocked' && (
          <Alert color="yellow" data-testid="notification-push-blocked">
            {t('web.push.blocked')}
          </Alert>
        )}
        {error && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
        {settings.data && settings.data.pushDevices > 0 && (
          <Text size="xs" c="dimmed" data-testid="notification-push-devices">
            {t('web.push.devices', { count: settings.data.pushDevices })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function QuietHoursCard() {
  const { t } = useTranslation('notifications');
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  const quiet = settings.data?.quietHours ?? null;
  const [from, setFrom] = useState('22:00');
  const [to, setTo] = useState('07:00');
  useEffect(() => {
    if (quiet) {
      setFrom(quiet.from);
      setTo(quiet.to);
    }
  }, [quiet]);
  if (!settings.data) return null;
  const saved = () => notifySuccess(t('web.settings.saved'));
  return (
    <Card withBorder radius="md" padding="sm" data-testid="notification-quiet">
      <Stack gap="xs">
        <Switch
          label={t('web.settings.quiet')}
          checked={quiet !== null}
          onChange={(e) =>
            save.mutate({ quietHours: e.currentTarget.checked ? { from, to } : null }, { onSuccess: saved })
          }
          data-testid="notification-quiet-switch"
        />
        <Text size="xs" c="dimmed">
          {t('web.settings.quietHint')}
        </Text>
        {quiet !== null && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              type="time"
              label={t('web.settings.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              w={120}
              data-testid="notification-quiet-from"
            />
            <TextInput
              type="time"
              label={t('web.settings.to')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              w={120}
              data-testid="notification-quiet-to"
            />
            <Button
              size="sm"
              loading={save.isPending}
              disabled={from === quiet.from && to === quiet.to}
              onClick={() => save.mutate({ quietHours: { from, to } }, { onSuccess: saved })}
              data-testid="notification-quiet-save"
            >
              {t('web.settings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function ContactRow({ c }: { c: Contact }) {
  const { t } = useTranslation('notifications');
  const remove = useRemoveContact();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid={`contact-${c.id}`}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {c.value}
        </Text>
        <Group gap={4} wrap="wrap">
          <Badge
            size="xs"
            variant="light"
            color={c.confirmedAt ? 'teal' : 'yellow'}
            data-testid="contact-state"
            data-confirmed={c.confirmedAt ? 'true' : 'false'}
          >
            {c.confirmedAt
              ? t('web.contacts.confirmed')
              : c.kind === 'phone'
                ? t('web.contacts.phoneStored')
                : t('web.contacts.pending')}
          </Badge>
          {!c.confirmedAt && c.kind === 'email' && (
            <Text size="xs" c="dimmed">
              {t('web.contacts.checkMail')}
            </Text>
          )}
        </Group>
      </Stack>
      <Button
        variant="subtle"
        color="red"
        size="compact-xs"
        loading={remove.isPending}
        onClick={() => remove.mutate(c.id)}
        data-testid="contact-remove"
      >
        {t('web.contacts.remove')}
      </Button>
    </Group>
  );
}

function ContactsCard() {
  const { t } = useTranslation('notifications');
  const contacts = useContacts();
  const add = useAddContact();
  const [kind, setKind] = useState<'email' | 'phone'>('email');
  const [value, setValue] = useState('');
  return (
    <Card withBorder radius="md" padding="sm" data-testid="contacts">
      <Stack gap="xs">
        <Text fw={600}>{t('web.contacts.title')}</Text>
        <Text size="xs" c="dimmed">
          {t('web.contacts.hint')}
        </Text>
        {contacts.isError && <PageError error={contacts.error} onRetry={() => void contacts.refetch()} />}
        {contacts.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('web.contacts.none')}
          </Text>
        )}
        {contacts.data?.map((c) => (
          <ContactRow key={c.id} c={c} />
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(
              kind === 'email' ? { kind: 'email', value: value.trim() } : { kind: 'phone', value: value.trim() },
              {
                onSuccess: () => {
                  setValue('');
                  notifySuccess(kind === 'email' ? t('web.contacts.sent') : t('web.contacts.added'));
                },
              },
            );
          }}
        >
          <Stack gap="xs">
            <SegmentedControl
              size="xs"
              value={kind}
              onChange={(v) => setKind(v as 'email' | 'phone')}
              data={[
                { value: 'email', label: t('web.contacts.email') },
                { value: 'phone', label: t('web.contacts.phone') },
              ]}
              data-testid="contact-kind"
            />
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1, minWidth: 0 }}
                type={kind === 'email' ? 'email' : 'tel'}
                label={kind === 'email' ? t('web.contacts.email') : t('web.contacts.phone')}
                placeholder={kind === 'email' ? 'name@example.kz' : '+7 7xx xxx xx xx'}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                error={add.isError ? errorMessage(add.error) : undefined}
                required
                data-testid="contact-value"
              />
              <Button type="submit" loading={add.isPending} data-testid="contact-add">
                {t('web.contacts.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
