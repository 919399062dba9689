import { Button } from '@mantine/core';
import { IconLogout2 } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEndPersonSessions } from '../../api/sessions.js';
import { notifySuccess } from '../../components/notify.js';
import { ConfirmModal } from '../people/ConfirmModal.js';

/** On a person's page, for their administrator: sign them out everywhere (lost phone, shared computer). */
export function EndSessionsButton({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation('sessions');
  const end = useEndPersonSessions(personId);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconLogout2 size={16} />}
        onClick={() => setConfirming(true)}
        data-testid="end-sessions-button"
      >
        {t('admin.button')}
      </Button>
      <ConfirmModal
        opened={confirming}
        title={t('admin.title')}
        text={t('admin.text', { name })}
        confirmLabel={t('admin.confirm')}
        color="orange"
        loading={end.isPending}
        onConfirm={() =>
          end.mutate(undefined, {
            onSuccess: (result) => {
              setConfirming(false);
              notifySuccess(t('admin.done', { count: result.ended }));
            },
          })
        }
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
