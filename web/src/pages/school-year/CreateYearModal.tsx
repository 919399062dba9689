import { zSchoolYearCreate } from '@common/schemas/school-year.js';
import { Alert, Button, Group, Modal, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendarTemplates, useCreateSchoolYear } from '../../api/school-year.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';

type Mode = 'template' | 'custom';

/**
 * A new year: normally from the Ministry's calendar (dates, quarters, breaks, holidays copied and then
 * adjustable), or with the school's own dates for a year the national calendars do not cover.
 */
export function CreateYearModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation('school');
  const locale = useLocale();
  const templates = useCalendarTemplates(opened);
  const create = useCreateSchoolYear();
  const [mode, setMode] = useState<Mode>('template');
  const [startYear, setStartYear] = useState('');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [error, setError] = useState<string | null>(null);

  const items = templates.data?.items ?? [];
  useEffect(() => {
    if (!opened) return;
    setError(null);
    create.reset();
  }, [opened, create.reset]);
  useEffect(() => {
    if (!startYear && items[0]) setStartYear(String(items[0].startYear));
  }, [items, startYear]);

  const chosen = items.find((i) => String(i.startYear) === startYear);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body =
      mode === 'template'
        ? { templateStartYear: Number(startYear), ...(name.trim() ? { name: name.trim() } : {}) }
        : { startsOn, endsOn, ...(name.trim() ? { name: name.trim() } : {}) };
    const parsed = zSchoolYearCreate.safeParse(body);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'errors:validation.invalid';
      setError(t(message.startsWith('errors:') ? message : 'errors:validation.invalid'));
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (year) => {
        notifySuccess(t('create.done', { name: year.name }));
        onCreated(year.id);
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('create.title')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Radio.Group value={mode} onChange={(v) => setMode(v as Mode)} data-testid="year-create-mode">
            <Stack gap={6}>
              <Radio value="template" label={t('create.fromTemplate')} data-testid="year-create-mode-template" />
              <Radio value="custom" label={t('create.custom')} data-testid="year-create-mode-custom" />
            </Stack>
          </Radio.Group>
          {mode === 'template' ? (
            <>
              <NativeSelect
                label={t('create.template')}
                value={startYear}
                onChange={(e) => setStartYear(e.currentTarget.value)}
                data={items.map((i) => ({ value: String(i.startYear), label: i.name }))}
                disabled={templates.isPending}
                data-testid="year-create-template"
              />
              {chosen && (
                <Text size="xs" c="dimmed">
                  {formatDate(chosen.startsOn, locale)} – {formatDate(chosen.endsOn, locale)} ·{' '}
                  {t('create.templateContents', {
                    periods: chosen.periods.length,
                    daysOff: chosen.daysOff.length,
                  })}
                </Text>
              )}
            </>
          ) : (
            <Group grow wrap="wrap" gap="sm">
              <TextInput
                type="date"
                label={t('fields.startsOn')}
                value={startsOn}
                onChange={(e) => setStartsOn(e.currentTarget.value)}
                required
                miw={140}
                data-testid="year-create-starts"
              />
              <TextInput
                type="date"
                label={t('fields.endsOn')}
                value={endsOn}
                onChange={(e) => setEndsOn(e.currentTarget.value)}
                required
                miw={140}
                data-testid="year-create-ends"
              />
            </Group>
          )}
          <TextInput
            label={t('fields.name')}
            description={t('create.nameHint')}
            value={name}
            maxLength={50}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="year-create-name"
          />
          {error && (
            <Alert color="red" data-testid="year-create-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="year-create-submit">
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
