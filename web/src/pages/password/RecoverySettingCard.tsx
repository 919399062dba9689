import { Alert, Card, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRecoverySetting, useSetRecoverySetting } from '../../api/passwords.js';
import { notifySuccess } from '../../components/notify.js';

/**
 * On an institution's page, for its administrators (and those above): the self-service recovery switch
 * (agreement 4.18). Others see nothing: the setting only matters to those who may change it.
 */
export function RecoverySettingCard({ institutionId }: { institutionId: number }) {
  const { t } = useTranslation('passwords');
  const setting = useRecoverySetting(institutionId);
  const save = useSetRecoverySetting(institutionId);
  const s = setting.data;
  if (!s?.canChange) return null;
  return (
    <Card withBorder radius="md" data-testid="recovery-setting">
      <Stack gap="xs">
        <Text fw={600}>{t('recoverySetting.title')}</Text>
        <Switch
          checked={s.selfServiceRecovery}
          label={t('recoverySetting.label')}
          disabled={save.isPending}
          onChange={(e) =>
            save.mutate(e.currentTarget.checked, { onSuccess: () => notifySuccess(t('recoverySetting.saved')) })
          }
          data-testid="recovery-setting-switch"
        />
        <Text size="xs" c="dimmed">
          {t('recoverySetting.hint')}
        </Text>
        {s.selfServiceRecovery && !s.effective && (
          <Alert color="yellow" data-testid="recovery-setting-off-above">
            {t('recoverySetting.offAbove')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
