import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyCorrections, useRegistration } from '../../api/registration.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime } from '../people/format.js';
import { CorrectionForm } from './CorrectionForm.js';
import { CorrectionValuesTable, STATUS_COLORS } from './CorrectionValues.js';

/**
 * On the profile: my correction requests with their status and the administrators' answers, and a way to
 * report a mistake after registration (3.2 asks people to turn to the administrator).
 */
export function MyCorrections() {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const mine = useMyCorrections();
  const [reporting, setReporting] = useState(false);
  const registration = useRegistration(reporting);

  return (
    <Card withBorder radius="md" padding="md" data-testid="my-corrections">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={4}>{t('mine.title')}</Title>
          {!reporting && (
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => setReporting(true)}
              data-testid="my-corrections-report"
            >
              {t('mine.report')}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('mine.intro')}
        </Text>
        {reporting && registration.data && (
          <CorrectionForm
            person={registration.data.person}
            onSent={() => {
              setReporting(false);
              notifySuccess(t('mine.sent'));
            }}
            onCancel={() => setReporting(false)}
          />
        )}
        {mine.data && mine.data.items.length === 0 && !reporting && (
          <Text size="sm" c="dimmed">
            {t('mine.empty')}
          </Text>
        )}
        {mine.data?.items.map((c) => (
          <Card key={c.id} withBorder radius="sm" padding="sm" data-testid={`my-correction-${c.id}`}>
            <Stack gap="xs">
              <Group justify="space-between" gap="xs">
                <Text size="xs" c="dimmed">
                  {t('corrections.filed', { date: formatDateTime(c.createdAt, locale) })}
                </Text>
                <Badge color={STATUS_COLORS[c.status]} data-testid={`my-correction-status-${c.id}`}>
                  {t(`corrections.status.${c.status}`)}
                </Badge>
              </Group>
              <CorrectionValuesTable proposed={c.proposed} />
              {c.answer && (
                <Text size="sm">
                  <Text span c="dimmed" size="sm">
                    {t('corrections.answer')}:{' '}
                  </Text>
                  {c.answer}
                </Text>
              )}
            </Stack>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
