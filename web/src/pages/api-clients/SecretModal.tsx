import { Alert, Button, Code, CopyButton, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiClientWithSecret } from '../../api/api-clients.js';

/** The client id and its secret, shown once right after registration or rotation. */
export function SecretModal({ shown, onClose }: { shown: ApiClientWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation('apiClients');
  return (
    <Modal opened={shown !== null} onClose={onClose} title={t('secret.title')} size="lg">
      {shown && (
        <Stack gap="sm">
          <Alert color="orange">{t('secret.once')}</Alert>
          <Text size="sm" fw={600}>
            client_id
          </Text>
          <Code block data-testid="api-client-id">
            {shown.client.clientId}
          </Code>
          <Text size="sm" fw={600}>
            client_secret
          </Text>
          <Code block data-testid="api-client-secret">
            {shown.clientSecret}
          </Code>
          <CopyButton value={shown.clientSecret}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('secret.copied') : t('secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('secret.done')}</Button>
        </Stack>
      )}
    </Modal>
  );
}
