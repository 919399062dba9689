import {
  CHECKED_FIELDS,
  type CorrectionStatus,
  type CorrectionValues as Values,
} from '@common/schemas/registration.js';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';

export const STATUS_COLORS: Record<CorrectionStatus, string> = { open: 'yellow', resolved: 'green', rejected: 'red' };

/** Field by field: what is stored (when known) and what the person proposes. */
export function CorrectionValuesTable({ current, proposed }: { current?: Values; proposed: Values }) {
  const { t } = useTranslation(['registration', 'enums']);
  const locale = useLocale();
  const shown = (field: (typeof CHECKED_FIELDS)[number], values: Values | undefined) => {
    if (!values || !(field in values)) return '';
    const v = values[field];
    if (v === null || v === undefined) return t('wizard.data.empty');
    if (field === 'birthDate') return formatDate(v, locale);
    if (field === 'gender') return t(`enums:gender.${v}`);
    return v;
  };
  const fields = CHECKED_FIELDS.filter((f) => f in proposed);
  return (
    <Table withTableBorder withColumnBorders layout="fixed" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('corrections.field')}</Table.Th>
          {current && <Table.Th>{t('corrections.current')}</Table.Th>}
          <Table.Th>{t('corrections.proposed')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((f) => (
          <Table.Tr key={f}>
            <Table.Td>{t(`fields.${f}`)}</Table.Td>
            {current && (
              <Table.Td>
                <Text size="sm" td="line-through" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {shown(f, current)}
                </Text>
              </Table.Td>
            )}
            <Table.Td>
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {shown(f, proposed)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
