import { Card, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDistributionSetting, useSetDistributionSetting } from '../../api/diary.js';
import { notifySuccess } from '../../components/notify.js';

/**
 * On a school's page, for its administrators: whether the diary shows the anonymised class distribution of a
 * СОр / СОч. Off by default (migration 0021); others see nothing.
 */
export function DistributionSettingCard({ institutionId }: { institutionId: number }) {
  const { t } = useTranslation('diary');
  const setting = useDistributionSetting(institutionId);
  const save = useSetDistributionSetting(institutionId);
  const s = setting.data;
  if (!s?.canChange) return null;
  return (
    <Card withBorder radius="md" data-testid="distribution-setting">
      <Stack gap="xs">
        <Text fw={600}>{t('distribution.setting.title')}</Text>
        <Switch
          checked={s.classDistribution}
          label={t('distribution.setting.label')}
          disabled={save.isPending}
          onChange={(e) =>
            save.mutate(e.currentTarget.checked, { onSuccess: () => notifySuccess(t('distribution.setting.saved')) })
          }
          data-testid="distribution-setting-switch"
        />
        <Text size="xs" c="dimmed">
          {t('distribution.setting.hint')}
        </Text>
      </Stack>
    </Card>
  );
}
