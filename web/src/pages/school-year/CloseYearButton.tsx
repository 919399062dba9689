import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SchoolYear, useCloseSchoolYear } from '../../api/school-year.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { ConfirmModal } from '../people/ConfirmModal.js';

/** Archiving is final: the year becomes read-only and its students leave their classes on its last day. */
export function CloseYearButton({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const close = useCloseSchoolYear(year.id);
  const [confirming, setConfirming] = useState(false);
  return (
    <Card withBorder radius="md" padding="md" data-testid="close-section">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('close.title')}
        </Title>
        <Text size="sm">{t('close.text')}</Text>
        <Group>
          <Button
            color="red"
            variant="light"
            leftSection={<IconArchive size={16} />}
            onClick={() => setConfirming(true)}
            data-testid="year-close"
          >
            {t('close.button')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('close.confirmTitle', { name: year.name })}
        text={t('close.confirmText')}
        confirmLabel={t('close.confirm')}
        loading={close.isPending}
        onConfirm={() =>
          close.mutate(undefined, {
            onSuccess: (result) => {
              setConfirming(false);
              notifySuccess(t('close.done', { count: result.endedEnrollments }));
            },
            onError: (e) => {
              setConfirming(false);
              notifyError(e);
            },
          })
        }
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}
