import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Conflict, conflictKey } from '../../api/timetable.js';

/**
 * The conflicts of the week: those a save was refused for (red) or, while none was refused, the current ones of
 * the saved week or the draft (orange; blocking ones bold).
 */
export function WeeklyConflicts({ refused, conflicts }: { refused: Conflict[]; conflicts: Conflict[] }) {
  const { t } = useTranslation('timetable');
  if (refused.length > 0) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('weekly.refused')} data-testid="refused-conflicts">
        <List size="sm">
          {refused.map((c) => (
            <List.Item key={conflictKey(c)}>{c.message}</List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  if (conflicts.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle />}
      title={t('weekly.conflicts', { count: conflicts.length })}
      data-testid="conflicts"
    >
      <List size="sm">
        {conflicts.map((c) => (
          <List.Item key={conflictKey(c)} fw={c.blocking ? 600 : undefined} data-testid="conflict">
            {c.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
