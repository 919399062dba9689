import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PeriodInput, type SchoolYear, useReplacePeriods } from '../../api/school-year.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { periodTeachingDays } from './yearFormat.js';

const toInput = (p: SchoolYear['periods'][number]): PeriodInput => ({
  kind: p.kind,
  number: p.number,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
});

/** Quarters (four, between the breaks) and half-years (for subjects taught one hour a week). */
export function PeriodsSection({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const locale = useLocale();
  const save = useReplacePeriods(year.id);
  const [draft, setDraft] = useState<PeriodInput[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rows = draft ?? year.periods.map(toInput);

  const label = (p: PeriodInput) =>
    t(p.kind === 'quarter' ? 'periods.quarter' : 'periods.halfYear', { number: p.number });
  const change = (i: number, field: 'startsOn' | 'endsOn', value: string) =>
    setDraft(rows.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  /** Appends the next period of a kind, starting where the previous one of that kind ended. */
  const add = (kind: PeriodInput['kind']) => {
    const same = rows.filter((p) => p.kind === kind);
    const number = same.length + 1;
    const startsOn = same.at(-1)?.endsOn ?? year.startsOn;
    setDraft([...rows, { kind, number, startsOn, endsOn: year.endsOn }]);
  };
  const removeLast = (kind: PeriodInput['kind']) => {
    const last = rows.filter((p) => p.kind === kind).at(-1);
    setDraft(rows.filter((p) => p !== last));
  };
  const sorted = [...rows].sort((a, b) => (a.kind === b.kind ? a.number - b.number : a.kind === 'quarter' ? -1 : 1));

  const submit = () => {
    if (!draft) return;
    setError(null);
    save.mutate(draft, {
      onSuccess: () => {
        setDraft(null);
        notifySuccess(t('saved'));
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="periods-section">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4">
            {t('periods.title')}
          </Title>
          {year.canManage && !draft && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPencil size={16} />}
              onClick={() => setDraft(rows)}
              data-testid="periods-edit"
            >
              {t('actions.edit')}
            </Button>
          )}
        </Group>
        {rows.length === 0 && !draft ? (
          <Text size="sm" c="dimmed">
            {t('periods.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={draft ? 420 : 280} type="native">
            <Table verticalSpacing="xs" horizontalSpacing={6} fz="sm" data-testid="periods-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('periods.period')}</Table.Th>
                  <Table.Th>{t('fields.startsOn')}</Table.Th>
                  <Table.Th>{t('fields.endsOn')}</Table.Th>
                  {!draft && <Table.Th>{t('periods.teachingDays')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((p) => {
                  const i = rows.indexOf(p);
                  return (
                    <Table.Tr key={`${p.kind}-${p.number}`} data-testid={`period-${p.kind}-${p.number}`}>
                      <Table.Td>{label(p)}</Table.Td>
                      {draft ? (
                        <>
                          <Table.Td>
                            <TextInput
                              type="date"
                              size="xs"
                              aria-label={`${label(p)}: ${t('fields.startsOn')}`}
                              value={p.startsOn}
                              onChange={(e) => change(i, 'startsOn', e.currentTarget.value)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              type="date"
                              size="xs"
                              aria-label={`${label(p)}: ${t('fields.endsOn')}`}
                              value={p.endsOn}
                              onChange={(e) => change(i, 'endsOn', e.currentTarget.value)}
                            />
                          </Table.Td>
                        </>
                      ) : (
                        <>
                          <Table.Td>{formatDate(p.startsOn, locale)}</Table.Td>
                          <Table.Td>{formatDate(p.endsOn, locale)}</Table.Td>
                          <Table.Td>{periodTeachingDays(year, p.startsOn, p.endsOn)}</Table.Td>
                        </>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {!draft && rows.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('periods.teachingDaysHint')}
          </Text>
        )}
        {draft && (
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap">
              {(['quarter', 'half_year'] as const).map((kind) => {
                const count = rows.filter((p) => p.kind === kind).length;
                return (
                  <Group key={kind} gap={4}>
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconPlus size={14} />}
                      disabled={count >= (kind === 'quarter' ? 4 : 2)}
                      onClick={() => add(kind)}
                      data-testid={`periods-add-${kind}`}
                    >
                      {t(kind === 'quarter' ? 'periods.addQuarter' : 'periods.addHalfYear')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      disabled={count === 0}
                      onClick={() => removeLast(kind)}
                    >
                      {t(kind === 'quarter' ? 'periods.removeQuarter' : 'periods.removeHalfYear')}
                    </Button>
                  </Group>
                );
              })}
            </Group>
            {error && (
              <Alert color="red" data-testid="periods-error">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  setDraft(null);
                  setError(null);
                }}
              >
                {t('actions.cancel')}
              </Button>
              <Button onClick={submit} loading={save.isPending} data-testid="periods-save">
                {t('actions.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
