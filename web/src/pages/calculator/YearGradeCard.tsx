import { Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { calculateYear } from './calculator.js';

/** Period grades → year grade (kz-school-rules §1.7: half-up mean of the grades, 3.5 → 4). */
export function YearGradeCard() {
  const { t } = useTranslation('assessment');
  const [text, setText] = useState('');
  const outcome = calculateYear(text);
  const grade = outcome?.grade ?? null;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('calculator.yearGrade.title')}
        </Title>
        <TextInput
          label={t('calculator.yearGrade.periods')}
          description={t('calculator.yearGrade.hint')}
          placeholder="5, 4, 4, 5"
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={outcome?.error ? t(`calculator.errors.${outcome.error}`) : undefined}
          data-testid="calc-year-grades"
        />
        <Text fw={600}>
          {t('calculator.yearGrade.result')}:{' '}
          <span data-testid="calc-year-grade-result">
            {grade === null ? '—' : grade === 'na' ? 'н/а' : `«${grade}»`}
          </span>
        </Text>
        <Text size="xs" c="dimmed">
          {t('calculator.yearGrade.rule')}
        </Text>
      </Stack>
    </Paper>
  );
}
