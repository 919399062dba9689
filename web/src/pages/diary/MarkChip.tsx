import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A mark's colour at a glance: 8–10 green, 5–7 blue, 3–4 orange, 1–2 red; зачёт green, незачёт red. */
export function markColor(value: number | null, status: string | null): string {
  if (status === 'pass') return 'green';
  if (status === 'fail') return 'red';
  if (status !== null || value === null) return 'gray';
  if (value >= 8) return 'green';
  if (value >= 5) return 'blue';
  if (value >= 3) return 'orange';
  return 'red';
}

/** A grade «2»…«5» (term, running): the same palette. */
export function gradeColor(grade: string | null): string {
  if (grade === '5' || grade === 'pass') return 'green';
  if (grade === '4') return 'blue';
  if (grade === '3') return 'orange';
  if (grade === '2' || grade === 'fail') return 'red';
  return 'gray';
}

/** One lesson mark as a coloured chip; a mark changed after it was first entered carries a star and says so. */
export function MarkChip({
  value,
  status,
  changed,
  comment,
}: {
  value: number | null;
  status: string | null;
  changed: boolean;
  comment?: string | null;
}) {
  const { t } = useTranslation('diary');
  const label = value !== null ? String(value) : status ? t(`mark.${status}`) : '';
  const tip = [comment, changed ? t('mark.changed') : null].filter(Boolean).join(' · ');
  const chip = (
    <Badge
      color={markColor(value, status)}
      variant="filled"
      size="lg"
      radius="sm"
      data-testid="mark-chip"
      data-value={label}
      data-changed={changed || undefined}
    >
      {label}
      {changed ? '*' : ''}
    </Badge>
  );
  return tip ? (
    <Tooltip label={tip} multiline maw={260} events={{ hover: true, focus: true, touch: true }}>
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}
