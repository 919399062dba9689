import { CHECKED_FIELDS, type CheckedData } from '@common/schemas/registration.js';
import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';

const testIds: Record<(typeof CHECKED_FIELDS)[number], string> = {
  surname: 'reg-surname',
  firstName: 'reg-first-name',
  patronymic: 'reg-patronymic',
  birthDate: 'reg-birth-date',
  gender: 'reg-gender',
};

/** The five fields a person checks at registration (3.2), label above value. */
export function CheckedDataList({ person }: { person: CheckedData }) {
  const { t } = useTranslation(['registration', 'enums']);
  const locale = useLocale();
  const shown = (field: (typeof CHECKED_FIELDS)[number]) => {
    if (field === 'birthDate') return formatDate(person.birthDate, locale);
    if (field === 'gender') return t(`enums:gender.${person.gender}`);
    return person[field] ?? t('wizard.data.empty');
  };
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
      {CHECKED_FIELDS.map((field) => (
        <div key={field}>
          <Text size="xs" c="dimmed">
            {t(`fields.${field}`)}
          </Text>
          <Text fw={600} data-testid={testIds[field]} style={{ overflowWrap: 'anywhere' }}>
            {shown(field)}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
