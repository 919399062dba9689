import { DAY_OFF_KINDS, type DayOffInput, zDayOffInput } from '@common/schemas/school-year.js';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Chip,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SchoolYear, useReplaceDaysOff } from '../../api/school-year.js';
import { errorMessage, notifyError, notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { dayOffName, GRADES, gradesLabel } from './yearFormat.js';

type DayOff = SchoolYear['daysOff'][number];
type Kind = DayOffInput['kind'];

const KIND_COLOR: Record<Kind, string> = { holiday: 'red', break: 'blue', other: 'gray' };

/** What the server stores for a day off already on the list (names kept, so it stays translated). */
const toInput = (d: DayOff): DayOffInput => ({
  kind: d.kind,
  startsOn: d.startsOn,
  endsOn: d.endsOn,
  grades: d.grades,
  name: d.name,
  names: d.names,
});

function AddDayOffModal({
  year,
  opened,
  onClose,
  onAdd,
  saving,
}: {
  year: SchoolYear;
  opened: boolean;
  onClose: () => void;
  onAdd: (d: DayOffInput, done: (error?: unknown) => void) => void;
  saving: boolean;
}) {
  const { t } = useTranslation('school');
  const [kind, setKind] = useState<Kind>('other');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [name, setName] = useState('');
  const [allGrades, setAllGrades] = useState(true);
  const [grades, setGrades] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = zDayOffInput.safeParse({
      kind,
      startsOn,
      endsOn: endsOn || startsOn,
      name,
      grades: allGrades ? null : grades.map(Number),
    });
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? '';
      setError(t(message.startsWith('errors:') ? message : 'daysOff.invalid'));
      return;
    }
    onAdd(parsed.data, (e) => {
      if (e) setError(errorMessage(e));
      else {
        setStartsOn('');
        setEndsOn('');
        setName('');
        setGrades([]);
        setAllGrades(true);
        onClose();
      }
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('daysOff.addTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <NativeSelect
            label={t('daysOff.kindLabel')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind)}
            data={DAY_OFF_KINDS.map((k) => ({ value: k, label: t(`daysOff.kind.${k}`) }))}
            data-testid="dayoff-kind"
          />
          <TextInput
            label={t('daysOff.name')}
            value={name}
            maxLength={200}
            required
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="dayoff-name"
          />
          <Group grow wrap="wrap" gap="sm">
            <TextInput
              type="date"
              label={t('fields.startsOn')}
              min={year.startsOn}
              max={year.endsOn}
              value={startsOn}
              required
              miw={140}
              onChange={(e) => setStartsOn(e.currentTarget.value)}
              data-testid="dayoff-starts"
            />
            <TextInput
              type="date"
              label={t('fields.endsOn')}
              description={t('daysOff.endsOnHint')}
              min={startsOn || year.startsOn}
              max={year.endsOn}
              value={endsOn}
              miw={140}
              onChange={(e) => setEndsOn(e.currentTarget.value)}
              data-testid="dayoff-ends"
            />
          </Group>
          <Checkbox
            label={t('daysOff.allGrades')}
            checked={allGrades}
            onChange={(e) => setAllGrades(e.currentTarget.checked)}
            data-testid="dayoff-all-grades"
          />
          {!allGrades && (
            <Stack gap={4}>
              <Text size="sm">{t('daysOff.onlyGrades')}</Text>
              <Chip.Group multiple value={grades} onChange={setGrades}>
                <Group gap={6}>
                  {GRADES.map((g) => (
                    <Chip
                      key={g}
                      value={String(g)}
                      size="xs"
                      // The chip's input is hidden: tests click the visible wrapper.
                      wrapperProps={{ 'data-testid': `dayoff-grade-${g}` }}
                    >
                      {g}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          )}
          {error && (
            <Alert color="red" data-testid="dayoff-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="dayoff-submit">
              {t('actions.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Holidays, breaks (grade 1's extra February week included) and the school's own days off. */
export function DaysOffSection({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const locale = useLocale();
  const save = useReplaceDaysOff(year.id);
  const [adding, setAdding] = useState(false);

  const replace = (list: DayOffInput[], done?: (error?: unknown) => void) =>
    save.mutate(list, {
      onSuccess: () => {
        notifySuccess(t('saved'));
        done?.();
      },
      onError: (e) => (done ? done(e) : notifyError(e)),
    });
  const remove = (d: DayOff) => replace(year.daysOff.filter((x) => x.id !== d.id).map(toInput));

  const dates = (d: DayOff) =>
    d.startsOn === d.endsOn
      ? formatDate(d.startsOn, locale)
      : `${formatDate(d.startsOn, locale)} – ${formatDate(d.endsOn, locale)}`;

  return (
    <Card withBorder radius="md" padding="md" data-testid="daysoff-section">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4">
            {t('daysOff.title')}
          </Title>
          {year.canManage && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setAdding(true)}
              data-testid="dayoff-add"
            >
              {t('daysOff.add')}
            </Button>
          )}
        </Group>
        {year.daysOff.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('daysOff.none')}
          </Text>
        ) : (
          // Rows that wrap instead of a wide table: the list stays readable on a phone.
          <Stack gap={0} data-testid="daysoff-table">
            {year.daysOff.map((d) => (
              <Group
                key={d.id}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                py={6}
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid={`dayoff-${d.startsOn}`}
              >
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                      {dates(d)}
                    </Text>
                    <Badge size="sm" color={KIND_COLOR[d.kind]} variant="light">
                      {t(`daysOff.kind.${d.kind}`)}
                    </Badge>
                    {d.grades && (
                      <Badge size="sm" color="grape" variant="outline">
                        {t('daysOff.gradesOnly', { grades: gradesLabel(d.grades) })}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {dayOffName(d, locale)}
                  </Text>
                </Stack>
                {year.canManage && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('daysOff.remove')}
                    loading={save.isPending}
                    onClick={() => remove(d)}
                    data-testid={`dayoff-remove-${d.id}`}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      {year.canManage && (
        <AddDayOffModal
          year={year}
          opened={adding}
          onClose={() => setAdding(false)}
          saving={save.isPending}
          onAdd={(d, done) => replace([...year.daysOff.map(toInput), d], done)}
        />
      )}
    </Card>
  );
}
