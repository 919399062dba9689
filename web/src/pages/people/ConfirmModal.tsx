import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  loading?: boolean;
  color?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Are you sure?" for an action that cannot simply be taken back. */
export function ConfirmModal({ opened, title, text, confirmLabel, loading, color = 'red', onConfirm, onClose }: Props) {
  const { t } = useTranslation('persons');
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="md">
        <Text size="sm">{text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button color={color} loading={loading} onClick={onConfirm} data-testid="confirm-submit">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
