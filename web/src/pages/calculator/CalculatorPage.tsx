import { FIRST_POLICY_YEAR, SOR_AGGREGATIONS, type SorAggregation } from '@common/assessment/index.js';
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Center,
  Code,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/me.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { type CalculatorForm, calculate, currentAcademicYear, type ScoreText, type SochMode } from './calculator.js';
import { ResultCard } from './ResultCard.js';
import { YearGradeCard } from './YearGradeCard.js';

const SOCH_MODES: SochMode[] = ['score', 'missed', 'pending'];
const GRADE_LEVELS = Array.from({ length: 12 }, (_, i) => String(i + 1));
const MARKS = Array.from({ length: 10 }, (_, i) => i + 1);
/** Up to 3 СОр a term (§1.4); a half-year of a 1-hour subject spans two terms. */
const MAX_SOR = 6;

/**
 * /calculator — the assessment engine as a public calculator (issue 5 §3), usable without signing in. Every
 * number comes from common/assessment's termResult / yearGrade, the same code as the journal and the CLI.
 */
export default function CalculatorPage() {
  const { t } = useTranslation('assessment');
  const { data: me } = useMe();
  const thisYear = currentAcademicYear(new Date());
  const years = useMemo(
    () => Array.from({ length: thisYear - FIRST_POLICY_YEAR + 1 }, (_, i) => thisYear - i),
    [thisYear],
  );
  const [form, setForm] = useState<CalculatorForm>({
    year: thisYear,
    gradeLevel: 5,
    variant: 'pooled',
    hasSoch: true,
    fo: '',
    sor: [{ score: '', max: '' }],
    sochMode: 'score',
    soch: { score: '', max: '' },
  });
  const set = (patch: Partial<CalculatorForm>) => setForm((f) => ({ ...f, ...patch }));
  const setSor = (index: number, patch: Partial<ScoreText>) =>
    set({ sor: form.sor.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const { result, errors } = useMemo(() => calculate(form), [form]);
  const err = (code: string | undefined) => (code ? t(`calculator.errors.${code}`) : undefined);
  const addMark = (mark: number) => set({ fo: form.fo.trim() === '' ? String(mark) : `${form.fo.trim()}, ${mark}` });

  return (
    <Center p={{ base: 'xs', sm: 'md' }} bg="gray.0" mih="100vh">
      <Box w="100%" maw={760}>
        <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
          {me ? (
            <Anchor component={Link} to="/" fw={700} data-testid="calc-home">
              {t('calculator.home')}
            </Anchor>
          ) : (
            <Anchor component={Link} to="/sign-in" fw={700} data-testid="calc-sign-in">
              {t('calculator.signIn')}
            </Anchor>
          )}
          <LanguageSwitch size="compact-sm" />
        </Group>
        <Stack gap="md" data-testid="calculator-page">
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
            <Stack gap="md">
              <Title order={1} size="h2">
                {t('calculator.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('calculator.intro')}
              </Text>
              <Group grow wrap="wrap" gap="sm" align="flex-start">
                <NativeSelect
                  label={t('calculator.year')}
                  value={String(form.year)}
                  onChange={(e) => set({ year: Number(e.currentTarget.value) })}
                  data={years.map((y) => ({ value: String(y), label: `${y}–${y + 1}` }))}
                  data-testid="calc-year"
                  miw={140}
                />
                <NativeSelect
                  label={t('calculator.gradeLevel')}
                  description={t('calculator.gradeLevelHint')}
                  value={String(form.gradeLevel)}
                  onChange={(e) => set({ gradeLevel: Number(e.currentTarget.value) })}
                  data={GRADE_LEVELS}
                  data-testid="calc-grade-level"
                  miw={140}
                />
              </Group>

              <TextInput
                label={t('calculator.fo')}
                description={t('calculator.foHint')}
                placeholder="10, 9, 8"
                inputMode="numeric"
                value={form.fo}
                onChange={(e) => set({ fo: e.currentTarget.value })}
                error={err(errors.fo)}
                data-testid="calc-fo"
              />
              <Group gap={6} wrap="wrap">
                {MARKS.map((mark) => (
                  <Button
                    key={mark}
                    size="compact-sm"
                    variant="light"
                    miw={36}
                    onClick={() => addMark(mark)}
                    aria-label={t('calculator.addMark', { mark })}
                    data-testid={`calc-fo-add-${mark}`}
                  >
                    {mark}
                  </Button>
                ))}
                <Button size="compact-sm" variant="subtle" color="gray" onClick={() => set({ fo: '' })}>
                  {t('calculator.clearMarks')}
                </Button>
              </Group>

              <Stack gap="xs">
                <Text fw={600} size="sm">
                  {t('calculator.sor')}
                </Text>
                {form.sor.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
                  <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" w={56} pt={8} style={{ flexShrink: 0 }}>
                      {t('calculator.sorWork', { n: i + 1 })}
                    </Text>
                    <TextInput
                      aria-label={`${t('calculator.sorWork', { n: i + 1 })}: ${t('calculator.score')}`}
                      placeholder={t('calculator.score')}
                      inputMode="decimal"
                      value={row.score}
                      onChange={(e) => setSor(i, { score: e.currentTarget.value })}
                      error={err(errors.sor[i])}
                      data-testid={`calc-sor-score-${i}`}
                      style={{ flex: 1, minWidth: 0 }}
                    />
                    <Text pt={6}>/</Text>
                    <TextInput
                      aria-label={`${t('calculator.sorWork', { n: i + 1 })}: ${t('calculator.max')}`}
                      placeholder={t('calculator.max')}
                      inputMode="decimal"
                      value={row.max}
                      onChange={(e) => setSor(i, { max: e.currentTarget.value })}
                      error={errors.sor[i] !== undefined}
                      data-testid={`calc-sor-max-${i}`}
                      style={{ flex: 1, minWidth: 0 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={4}
                      aria-label={t('calculator.removeSor', { n: i + 1 })}
                      onClick={() => set({ sor: form.sor.filter((_, j) => j !== i) })}
                      data-testid={`calc-sor-remove-${i}`}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Group>
                ))}
                <Group>
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconPlus size={16} />}
                    disabled={form.sor.length >= MAX_SOR}
                    onClick={() => set({ sor: [...form.sor, { score: '', max: '' }] })}
                    data-testid="calc-sor-add"
                  >
                    {t('calculator.addSor')}
                  </Button>
                </Group>
              </Stack>

              <Switch
                label={t('calculator.hasSoch')}
                description={t('calculator.hasSochHint')}
                checked={form.hasSoch}
                onChange={(e) => set({ hasSoch: e.currentTarget.checked })}
                data-testid="calc-has-soch"
              />
              {form.hasSoch && (
                <Stack gap="xs">
                  <Radio.Group
                    label={t('calculator.soch')}
                    value={form.sochMode}
                    onChange={(value) => set({ sochMode: value as SochMode })}
                  >
                    <Group gap="md" mt={4} wrap="wrap">
                      {SOCH_MODES.map((mode) => (
                        <Radio
                          key={mode}
                          value={mode}
                          label={t(`calculator.sochModes.${mode}`)}
                          data-testid={`calc-soch-mode-${mode}`}
                        />
                      ))}
                    </Group>
                  </Radio.Group>
                  {form.sochMode === 'score' && (
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <TextInput
                        aria-label={`${t('calculator.soch')}: ${t('calculator.score')}`}
                        placeholder={t('calculator.score')}
                        inputMode="decimal"
                        value={form.soch.score}
                        onChange={(e) => set({ soch: { ...form.soch, score: e.currentTarget.value } })}
                        error={err(errors.soch)}
                        data-testid="calc-soch-score"
                        style={{ flex: 1, minWidth: 0 }}
                      />
                      <Text pt={6}>/</Text>
                      <TextInput
                        aria-label={`${t('calculator.soch')}: ${t('calculator.max')}`}
                        placeholder={t('calculator.max')}
                        inputMode="decimal"
                        value={form.soch.max}
                        onChange={(e) => set({ soch: { ...form.soch, max: e.currentTarget.value } })}
                        error={errors.soch !== undefined}
                        data-testid="calc-soch-max"
                        style={{ flex: 1, minWidth: 0 }}
                      />
                    </Group>
                  )}
                </Stack>
              )}

              <Radio.Group
                label={t('calculator.variant')}
                value={form.variant}
                onChange={(value) => set({ variant: value as SorAggregation })}
              >
                <Stack gap={6} mt={4}>
                  {SOR_AGGREGATIONS.map((v) => (
                    <Radio
                      key={v}
                      value={v}
                      label={t(`calculator.variants.${v}.label`)}
                      description={t(`calculator.variants.${v}.description`)}
                      data-testid={`calc-variant-${v}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            </Stack>
          </Paper>

          <ResultCard result={result} />
          <YearGradeCard />

          <Text size="xs" c="dimmed" ta="center">
            {t('calculator.source')} <Code>docs/assessment.md</Code>
          </Text>
        </Stack>
      </Box>
    </Center>
  );
}
