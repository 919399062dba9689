import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePasswordPolicy } from '../../api/passwords.js';

/** What the server will check, said before the person types (NIST: tell people the rules, no guessing games). */
export function PolicyHints() {
  const { t } = useTranslation('passwords');
  const policy = usePasswordPolicy().data;
  if (!policy) return null;
  return (
    <List size="xs" c="dimmed" spacing={2} data-testid="password-policy">
      <List.Item>
        <Text size="xs" c="dimmed">
          {t('policy.minLength', { min: policy.minLength })}
        </Text>
      </List.Item>
      <List.Item>
        <Text size="xs" c="dimmed">
          {t('policy.personal')}
        </Text>
      </List.Item>
      <List.Item>
        <Text size="xs" c="dimmed">
          {t('policy.history', { count: policy.history })}
        </Text>
      </List.Item>
      {policy.maxAgeDays > 0 && (
        <List.Item>
          <Text size="xs" c="dimmed">
            {t('policy.rotation', { days: policy.maxAgeDays })}
          </Text>
        </List.Item>
      )}
    </List>
  );
}
