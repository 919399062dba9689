import { Button, Card, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteMyProfile } from '../../api/deletion.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';

/**
 * "Delete my profile" on the profile page (agreement 3.7). It takes effect at once, so it asks for the current
 * password (the server checks it) and says plainly that it cannot be undone.
 */
export function DeleteMyProfileCard() {
  const { t } = useTranslation('deletion');
  const [opened, setOpened] = useState(false);
  const [password, setPassword] = useState('');
  const remove = useDeleteMyProfile(() => notifySuccess(t('me.done')));

  const close = () => {
    setOpened(false);
    setPassword('');
    remove.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate({ password });
  };

  return (
    <Card withBorder radius="md" data-testid="delete-my-profile">
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 220px' }}>
          <Text fw={600}>{t('me.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('me.text')}
          </Text>
        </Stack>
        <Button variant="light" color="red" onClick={() => setOpened(true)} data-testid="delete-my-profile-button">
          {t('me.button')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={t('me.modalTitle')} centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('me.text')}</Text>
            <PasswordInput
              label={t('me.password')}
              description={t('me.passwordHint')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={remove.error ? errorMessage(remove.error) : undefined}
              data-testid="delete-my-profile-password"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={remove.isPending}
                disabled={password === ''}
                data-testid="delete-my-profile-submit"
              >
                {t('me.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
