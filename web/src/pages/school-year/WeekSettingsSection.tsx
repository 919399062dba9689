import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SchoolYear, useUpdateSchoolYear } from '../../api/school-year.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { GRADES } from './yearFormat.js';

interface Draft {
  daysPerWeek: 5 | 6;
  shifts: number;
  maxLessonsPerDay: number[];
}

const fromYear = (y: SchoolYear): Draft => ({
  daysPerWeek: y.daysPerWeek === 6 ? 6 : 5,
  shifts: y.shifts,
  maxLessonsPerDay: y.maxLessonsPerDay,
});

/** Five- or six-day week, one to three shifts, and the most lessons a day per grade (the timetable checks it). */
export function WeekSettingsSection({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const save = useUpdateSchoolYear(year.id);
  const [draft, setDraft] = useState<Draft>(() => fromYear(year));
  const [error, setError] = useState<string | null>(null);
  const readOnly = !year.canManage;
  const saved = fromYear(year);
  const dirty = JSON.stringify(saved) !== JSON.stringify(draft);

  const submit = () => {
    setError(null);
    save.mutate(draft, {
      onSuccess: (y) => {
        setDraft(fromYear(y));
        notifySuccess(t('saved'));
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="week-section">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('week.title')}
        </Title>
        <Group gap="lg" wrap="wrap" align="flex-start">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('week.daysPerWeek')}
            </Text>
            <SegmentedControl
              disabled={readOnly}
              value={String(draft.daysPerWeek)}
              onChange={(v) => setDraft({ ...draft, daysPerWeek: v === '6' ? 6 : 5 })}
              data={[
                { value: '5', label: t('week.five') },
                { value: '6', label: t('week.six') },
              ]}
              data-testid="week-days"
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('week.shifts')}
            </Text>
            <SegmentedControl
              disabled={readOnly}
              value={String(draft.shifts)}
              onChange={(v) => setDraft({ ...draft, shifts: Number(v) })}
              data={['1', '2', '3']}
              data-testid="week-shifts"
            />
          </Stack>
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('week.maxLessons')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('week.maxLessonsHint')}
          </Text>
          <SimpleGrid cols={{ base: 3, xs: 5, sm: 7, md: 13 }} spacing="xs" data-testid="week-max-lessons">
            {GRADES.map((g) => (
              <NumberInput
                key={g}
                label={g === 0 ? t('week.grade0') : t('week.grade', { grade: g })}
                size="xs"
                min={1}
                max={13}
                clampBehavior="strict"
                allowDecimal={false}
                readOnly={readOnly}
                value={draft.maxLessonsPerDay[g]}
                onChange={(v) => {
                  const next = [...draft.maxLessonsPerDay];
                  next[g] = typeof v === 'number' ? v : Number(v) || 1;
                  setDraft({ ...draft, maxLessonsPerDay: next });
                }}
                data-testid={`week-max-${g}`}
              />
            ))}
          </SimpleGrid>
        </Stack>
        {error && (
          <Alert color="red" data-testid="week-error">
            {error}
          </Alert>
        )}
        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!dirty} onClick={() => setDraft(saved)}>
              {t('actions.cancel')}
            </Button>
            <Button disabled={!dirty} loading={save.isPending} onClick={submit} data-testid="week-save">
              {t('actions.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
