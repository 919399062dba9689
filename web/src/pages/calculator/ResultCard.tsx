import type { TermResult } from '@common/assessment/index.js';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { formatNumber } from './calculator.js';

const PART_KEYS = ['fo', 'sor', 'foSor', 'soch'] as const;
const GRADE_COLOR: Record<string, string> = { '2': 'red', '3': 'orange', '4': 'blue', '5': 'green', na: 'gray' };

/** The live result: percentage, grade, and how each component contributed (weights after renormalisation). */
export function ResultCard({ result }: { result: TermResult | null }) {
  const { t } = useTranslation('assessment');
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const grade = result?.grade ?? null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="calc-result" aria-live="polite">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('calculator.result.title')}
        </Title>
        <Group gap="lg" align="flex-end" wrap="wrap">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('calculator.result.percent')}
            </Text>
            <Text fz={32} fw={700} lh={1.1} data-testid="calc-result-percent">
              {result?.percent != null ? `${n(result.percent)} %` : '—'}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('calculator.result.grade')}
            </Text>
            <Group gap="xs" align="center">
              <Text fz={32} fw={700} lh={1.1} data-testid="calc-result-grade">
                {grade === null ? '—' : grade === 'na' ? 'н/а' : `«${grade}»`}
              </Text>
              {grade !== null && (
                <Badge color={GRADE_COLOR[String(grade)]} variant="light">
                  {t(`calculator.result.grades.${grade}`)}
                </Badge>
              )}
            </Group>
          </Stack>
        </Group>
        {result && (
          <Text size="sm" data-testid="calc-result-status" data-status={result.status}>
            {t(`calculator.result.status.${result.status}`)}
          </Text>
        )}
        {result?.roundedPercent != null && (
          <Text size="sm" c="dimmed">
            {t('calculator.result.rounded', { value: result.roundedPercent })}
          </Text>
        )}
        {result && (
          <Stack gap={2} data-testid="calc-result-parts">
            {PART_KEYS.map((key) => {
              const part = result.parts[key];
              if (!part) return null;
              return (
                <Text key={key} size="sm" data-testid={`calc-part-${key}`}>
                  {t('calculator.result.partLine', {
                    name: t(`calculator.result.parts.${key}`),
                    percent: n(part.percent),
                    weight: n(part.weight * 100),
                    contribution: n(part.contribution),
                  })}
                </Text>
              );
            })}
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {t('calculator.result.scale')}
        </Text>
      </Stack>
    </Paper>
  );
}
