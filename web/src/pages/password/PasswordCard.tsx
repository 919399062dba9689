import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePasswordPolicy } from '../../api/passwords.js';

/** On the profile: the way to change the password. */
export function PasswordCard() {
  const { t } = useTranslation('passwords');
  const policy = usePasswordPolicy().data;
  return (
    <Card withBorder radius="md">
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 220px' }}>
          <Text fw={600}>{t('change.title')}</Text>
          {policy && (
            <Text size="sm" c="dimmed">
              {t('policy.minLength', { min: policy.minLength })}
            </Text>
          )}
        </Stack>
        <Button component={Link} to="/account/password" variant="light" data-testid="profile-change-password">
          {t('change.link')}
        </Button>
      </Group>
    </Card>
  );
}
