import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type SchoolYear, useSchoolYears } from '../../api/school-year.js';

type YearSummary = Pick<SchoolYear, 'id' | 'name' | 'status' | 'startsOn' | 'endsOn' | 'shifts'>;

/**
 * The year a classes or subjects screen shows: `?year=` in the URL (bookmarkable, "back" returns to it), else
 * the school's current year, else its newest one.
 */
export function useYearParam() {
  const years = useSchoolYears();
  const [params, setParams] = useSearchParams();
  const chosen = Number(params.get('year')) || null;
  const items = years.data?.items ?? [];
  const yearId = chosen ?? years.data?.currentYearId ?? items[0]?.id ?? null;
  const year: YearSummary | null = items.find((y) => y.id === yearId) ?? null;
  const setYear = (id: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('year', String(id));
        return next;
      },
      { replace: true },
    );
  return { years, items, yearId, year, setYear };
}

export function YearPicker({
  items,
  yearId,
  onChange,
}: {
  items: YearSummary[];
  yearId: number | null;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation('classes');
  return (
    <NativeSelect
      label={t('yearPicker')}
      maw={360}
      value={yearId === null ? '' : String(yearId)}
      onChange={(e) => onChange(Number(e.currentTarget.value))}
      data={items.map((y) => ({
        value: String(y.id),
        label: y.status === 'closed' ? `${y.name} (${t('yearClosedShort')})` : y.name,
      }))}
      data-testid="year-picker"
    />
  );
}
