import { DELETION_REASONS, type DeletionReason } from '@common/enums.js';
import { Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDeletePerson } from '../../api/deletion.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate, todayInKazakhstan } from '../people/format.js';

/**
 * "Delete profile" on a person's page (agreement 3.7), for administrators: a reason, a clear warning, and
 * then the person is gone from every list — back to the people list. The server decides who may (an
 * administrator over every institution where the person is active) and says why when not.
 */
export function DeletePersonButton({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation('deletion');
  const locale = useLocale();
  const navigate = useNavigate();
  const remove = useDeletePerson(personId);
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState<DeletionReason>('own_request');

  const submit = () =>
    remove.mutate(
      { reason },
      {
        onSuccess: (result) => {
          setOpened(false);
          notifySuccess(t('person.done', { date: formatDate(todayInKazakhstan(new Date(result.purgeAfter)), locale) }));
          navigate('/people', { replace: true });
        },
      },
    );

  return (
    <>
      <Button
        variant="default"
        color="red"
        leftSection={<IconTrash size={16} />}
        onClick={() => setOpened(true)}
        data-testid="delete-person-button"
      >
        {t('person.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('person.title')} centered>
        <Stack gap="md">
          <Text size="sm">{t('person.text', { name })}</Text>
          <NativeSelect
            label={t('person.reason')}
            required
            data={DELETION_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as DeletionReason)}
            data-testid="delete-person-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={submit} data-testid="delete-person-submit">
              {t('person.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
