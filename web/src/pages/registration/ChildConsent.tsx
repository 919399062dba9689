import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsents, useGiveConsent, useWithdrawConsent } from '../../api/registration.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';

/**
 * On a child's card (/children): a parent's consent to a minor's registration (user agreement 4.9, 4.10) —
 * pending, given (by me or another linked parent), or withdrawn. Adults need none and show nothing.
 */
export function ChildConsent({ childPersonId }: { childPersonId: number }) {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const consents = useConsents();
  const give = useGiveConsent();
  const withdraw = useWithdrawConsent();
  const [confirming, setConfirming] = useState(false);
  const item = consents.data?.items.find((c) => c.childPersonId === childPersonId);
  if (!item?.required) return null;

  return (
    <Stack gap={6} data-testid={`consent-${childPersonId}`}>
      {!item.given && (
        <Alert color="yellow" p="xs" data-testid={`consent-pending-${childPersonId}`}>
          <Text size="sm">{t('consent.required')}</Text>
        </Alert>
      )}
      {item.mine && (
        <Group gap={6} wrap="nowrap">
          <IconShieldCheck size={16} color="var(--mantine-color-green-7)" style={{ flexShrink: 0 }} />
          <Text size="sm" data-testid={`consent-given-${childPersonId}`}>
            {t('consent.given', { date: formatDate(item.mine.givenAt, locale) })}
          </Text>
        </Group>
      )}
      {item.others.map((o) => (
        <Text key={`${o.name}-${o.givenAt}`} size="sm" c="dimmed">
          {t('consent.givenByOther', { name: o.name, date: formatDate(o.givenAt, locale) })}
        </Text>
      ))}
      <Group gap="xs">
        {item.mine ? (
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            onClick={() => setConfirming(true)}
            data-testid={`consent-withdraw-${childPersonId}`}
          >
            {t('consent.withdraw')}
          </Button>
        ) : (
          <Button
            size="compact-sm"
            loading={give.isPending}
            onClick={() => give.mutate(childPersonId, { onSuccess: () => notifySuccess(t('consent.gaveNow')) })}
            data-testid={`consent-give-${childPersonId}`}
          >
            {t('consent.give')}
          </Button>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('consent.withdrawTitle')} centered>
        <Stack gap="md">
          <Text size="sm">{t('consent.withdrawText')}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('wizard.correction.cancel')}
            </Button>
            <Button
              color="red"
              loading={withdraw.isPending}
              data-testid="consent-withdraw-confirm"
              onClick={() =>
                withdraw.mutate(childPersonId, {
                  onSuccess: () => {
                    setConfirming(false);
                    notifySuccess(t('consent.withdrawnNow'));
                  },
                })
              }
            >
              {t('consent.withdraw')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
