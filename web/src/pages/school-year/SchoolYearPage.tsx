import { Alert, Badge, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { IconArchive, IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { type SchoolYear, useSchoolYear, useSchoolYears } from '../../api/school-year.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate, formatDateTime } from '../people/format.js';
import { BellsSection } from './BellsSection.js';
import { CloseYearButton } from './CloseYearButton.js';
import { CreateYearModal } from './CreateYearModal.js';
import { DaysOffSection } from './DaysOffSection.js';
import { PeriodsSection } from './PeriodsSection.js';
import { WeekSettingsSection } from './WeekSettingsSection.js';

function YearDetails({ year }: { year: SchoolYear }) {
  const { t } = useTranslation('school');
  const locale = useLocale();
  return (
    <Stack gap="lg">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" data-testid="year-dates">
          {formatDate(year.startsOn, locale)} – {formatDate(year.endsOn, locale)}
        </Text>
        {year.status === 'closed' ? (
          <Badge color="gray" leftSection={<IconArchive size={12} />} data-testid="year-status">
            {t('status.closed')}
          </Badge>
        ) : (
          <Badge color="green" variant="light" data-testid="year-status">
            {t('status.active')}
          </Badge>
        )}
        {year.templateStartYear !== null && (
          <Text size="xs" c="dimmed">
            {t('fromTemplate')}
          </Text>
        )}
      </Group>
      {year.status === 'closed' && (
        <Alert color="gray" icon={<IconArchive />} data-testid="year-closed-note">
          {t('closedNote', { date: year.closedAt ? formatDateTime(year.closedAt, locale) : '' })}
        </Alert>
      )}
      <PeriodsSection year={year} />
      <DaysOffSection year={year} />
      {/* Keyed by what they edit, so a saved change (or one made by another section) resets their drafts. */}
      <WeekSettingsSection
        key={`${year.status}:${year.daysPerWeek}:${year.shifts}:${year.maxLessonsPerDay.join()}`}
        year={year}
      />
      <BellsSection key={`${year.status}:${year.shifts}:${JSON.stringify(year.bells)}`} year={year} />
      {year.canManage && <CloseYearButton year={year} />}
    </Stack>
  );
}

/**
 * /school-year — the school's years: dates, quarters and half-years, holidays and breaks, the week and the
 * bell schedules. Administrators edit the open years; everyone else (and everyone, for a closed year) reads.
 */
export default function SchoolYearPage() {
  const { t } = useTranslation('school');
  const me = useCurrentMe();
  const years = useSchoolYears();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const chosen = Number(params.get('year')) || null;
  const yearId = chosen ?? years.data?.currentYearId ?? years.data?.items[0]?.id ?? null;
  const year = useSchoolYear(yearId);
  const canCreate = me.capabilities.manageSchool;

  if (!me.capabilities.readSchool) return <NoAccess />;

  const createButton = canCreate && (
    <Button leftSection={<IconCalendarPlus size={18} />} onClick={() => setCreating(true)} data-testid="year-create">
      {t('create.button')}
    </Button>
  );

  return (
    <Stack gap="lg" maw={980}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('title')}</Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </Stack>
        {createButton}
      </Group>

      {years.isPending ? (
        <PageLoader />
      ) : years.error ? (
        <PageError error={years.error} onRetry={() => void years.refetch()} />
      ) : years.data.items.length === 0 ? (
        <EmptyPage title={t('empty.title')} text={canCreate ? t('empty.textAdmin') : t('empty.text')} />
      ) : (
        <>
          <NativeSelect
            label={t('picker')}
            maw={360}
            value={yearId === null ? '' : String(yearId)}
            onChange={(e) => setParams({ year: e.currentTarget.value }, { replace: true })}
            data={years.data.items.map((y) => ({
              value: String(y.id),
              label: y.status === 'closed' ? `${y.name} (${t('status.closed')})` : y.name,
            }))}
            data-testid="year-picker"
          />
          {year.isPending ? (
            <PageLoader />
          ) : year.error ? (
            <PageError error={year.error} onRetry={() => void year.refetch()} />
          ) : (
            <YearDetails key={year.data.id} year={year.data} />
          )}
        </>
      )}

      <CreateYearModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          setParams({ year: String(id) }, { replace: true });
        }}
      />
    </Stack>
  );
}
