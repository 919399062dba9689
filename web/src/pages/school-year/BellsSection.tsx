import type { ShiftBells } from '@common/schemas/school-year.js';
import { ActionIcon, Alert, Button, Card, Group, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SchoolYear, useReplaceBells } from '../../api/school-year.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { nextLesson, SHIFT_FIRST_START } from './yearFormat.js';

type Lesson = ShiftBells['lessons'][number];

/** Every shift of the year, with an empty list for a shift that has no bells yet. */
function byShift(year: SchoolYear): Record<number, Lesson[]> {
  const out: Record<number, Lesson[]> = {};
  for (let s = 1; s <= year.shifts; s++) out[s] = year.bells.find((b) => b.shift === s)?.lessons ?? [];
  return out;
}

/** The bell schedule of each shift: lesson numbers with their start and end times. */
export function BellsSection({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const save = useReplaceBells(year.id);
  const [draft, setDraft] = useState<Record<number, Lesson[]>>(() => byShift(year));
  const [tab, setTab] = useState<string | null>('1');
  const [error, setError] = useState<string | null>(null);
  const readOnly = !year.canManage;
  const saved = byShift(year);
  const dirty = JSON.stringify(saved) !== JSON.stringify(draft);
  const shifts = Object.keys(saved).map(Number);

  const setShift = (shift: number, lessons: Lesson[]) => setDraft({ ...draft, [shift]: lessons });
  const change = (shift: number, i: number, field: 'startsAt' | 'endsAt' | 'number', value: string) =>
    setShift(
      shift,
      (draft[shift] ?? []).map((l, j) => (j === i ? { ...l, [field]: field === 'number' ? Number(value) : value } : l)),
    );

  const submit = () => {
    setError(null);
    const body = shifts.map((shift) => ({ shift, lessons: draft[shift] ?? [] })).filter((s) => s.lessons.length > 0);
    save.mutate(body, {
      onSuccess: (y) => {
        setDraft(byShift(y));
        notifySuccess(t('saved'));
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  const table = (shift: number) => {
    const lessons = draft[shift] ?? [];
    if (lessons.length === 0 && readOnly)
      return (
        <Text size="sm" c="dimmed">
          {t('bells.none')}
        </Text>
      );
    return (
      <Stack gap="xs">
        <Table.ScrollContainer minWidth={280} type="native">
          <Table verticalSpacing={4} horizontalSpacing={6} data-testid={`bells-table-${shift}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bells.lesson')}</Table.Th>
                <Table.Th>{t('bells.starts')}</Table.Th>
                <Table.Th>{t('bells.ends')}</Table.Th>
                {!readOnly && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lessons.map((l, i) => (
                <Table.Tr key={l.number} data-testid={`bell-${shift}-${l.number}`}>
                  <Table.Td>{l.number}</Table.Td>
                  {readOnly ? (
                    <>
                      <Table.Td>{l.startsAt}</Table.Td>
                      <Table.Td>{l.endsAt}</Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td>
                        <TextInput
                          type="time"
                          size="xs"
                          w={104}
                          aria-label={`${t('bells.lesson')} ${l.number}: ${t('bells.starts')}`}
                          value={l.startsAt}
                          onChange={(e) => change(shift, i, 'startsAt', e.currentTarget.value)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          type="time"
                          size="xs"
                          w={104}
                          aria-label={`${t('bells.lesson')} ${l.number}: ${t('bells.ends')}`}
                          value={l.endsAt}
                          onChange={(e) => change(shift, i, 'endsAt', e.currentTarget.value)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('bells.remove')}
                          onClick={() =>
                            setShift(
                              shift,
                              lessons.filter((_, j) => j !== i),
                            )
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!readOnly && (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => {
                const next = nextLesson(lessons, SHIFT_FIRST_START[shift]);
                if (next) setShift(shift, [...lessons, next]);
              }}
              disabled={!nextLesson(lessons, SHIFT_FIRST_START[shift])}
              data-testid={`bells-add-${shift}`}
            >
              {t('bells.add')}
            </Button>
          </Group>
        )}
      </Stack>
    );
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="bells-section">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('bells.title')}
        </Title>
        {!readOnly && (
          <Text size="xs" c="dimmed">
            {t('bells.hint')}
          </Text>
        )}
        {shifts.length === 1 ? (
          table(1)
        ) : (
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              {shifts.map((s) => (
                <Tabs.Tab key={s} value={String(s)} data-testid={`bells-tab-${s}`}>
                  {t('bells.shift', { shift: s })}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {shifts.map((s) => (
              <Tabs.Panel key={s} value={String(s)} pt="sm">
                {table(s)}
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
        {error && (
          <Alert color="red" data-testid="bells-error">
            {error}
          </Alert>
        )}
        {!readOnly && (
          <Group justify="flex-end">
            <Button variant="default" disabled={!dirty} onClick={() => setDraft(saved)}>
              {t('actions.cancel')}
            </Button>
            <Button disabled={!dirty} loading={save.isPending} onClick={submit} data-testid="bells-save">
              {t('actions.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
