import type { ReportFormat } from '@common/schemas/reports.js';
import { Badge, Button, Group, Table, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReportDownload } from '../../api/reports.js';

/** Shared pieces of the report tabs: number cells, the "running" badge, the export buttons. */

/** A percentage (one decimal) or an average (two); a dash where the formula does not apply (N = 0). */
export const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

export function RunningBadge({ running }: { running: boolean }) {
  const { t } = useTranslation('reports');
  if (!running) return null;
  return (
    <Tooltip label={t('page.runningHint')} multiline w={280}>
      <Badge color="orange" variant="light" data-testid="reports-running">
        {t('running')}
      </Badge>
    </Tooltip>
  );
}

export function ExportButtons({
  what,
  params,
}: {
  what: 'performance' | 'attendance';
  params: Record<string, unknown> | null;
}) {
  const { t } = useTranslation('reports');
  const download = useReportDownload();
  const button = (format: ReportFormat) => (
    <Button
      key={format}
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      disabled={params === null}
      loading={download.isPending && download.variables?.params?.format === format}
      onClick={() => params && download.start(what, params, format)}
      data-testid={`reports-export-${what}-${format}`}
    >
      {t(`export.${format}`)}
    </Button>
  );
  return <Group gap="xs">{(['xlsx', 'pdf'] as const).map(button)}</Group>;
}

/** A compact, horizontally scrollable table with a header row. */
export function ReportTable({ head, children, testId }: { head: ReactNode[]; children: ReactNode; testId?: string }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover withTableBorder fz="sm" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed header row
              <Table.Th key={i}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
