import type { ImportSummary, JobStatus, RowOutcome } from '@common/schemas/imports.js';
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const OUTCOME_COLOR: Record<RowOutcome, string> = {
  new: 'teal',
  update: 'blue',
  unchanged: 'gray',
  error: 'red',
  confirm: 'orange',
};
const STATUS_COLOR: Record<JobStatus, string> = {
  previewed: 'blue',
  applying: 'yellow',
  applied: 'teal',
  failed: 'red',
  discarded: 'gray',
};

export function StatusBadge({ status }: { status: JobStatus }) {
  const { t } = useTranslation('imports');
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="import-status" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function OutcomeBadge({ outcome }: { outcome: RowOutcome }) {
  const { t } = useTranslation('imports');
  return (
    <Badge color={OUTCOME_COLOR[outcome]} variant="light" data-outcome={outcome}>
      {t(`outcome.${outcome}`)}
    </Badge>
  );
}

/** The dry run's counts by outcome (only those that occur). */
export function SummaryBadges({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation('imports');
  const outcomes: RowOutcome[] = ['new', 'update', 'unchanged', 'error', 'confirm'];
  return (
    <Group gap={6} data-testid="import-summary">
      {outcomes
        .filter((o) => summary[o] > 0)
        .map((o) => (
          <Badge key={o} color={OUTCOME_COLOR[o]} variant="light" data-testid={`summary-${o}`} data-count={summary[o]}>
            {t(`outcome.${o}`)}: {summary[o]}
          </Badge>
        ))}
    </Group>
  );
}
