import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Membership, PersonDetail } from '../../api/persons.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { AddMembershipModal } from './AddMembershipModal.js';
import { EndMembershipModal } from './EndMembershipModal.js';
import { formatDate, todayInKazakhstan } from './format.js';

/** Still in force today: started and not yet ended (an end date is the first day without access). */
export const isActive = (m: Membership, today = todayInKazakhstan()) =>
  m.startsOn <= today && (m.endsOn === null || m.endsOn > today);

export function MembershipsSection({ person }: { person: PersonDetail }) {
  const { t } = useTranslation(['persons', 'enums']);
  const locale = useLocale();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Membership | null>(null);
  const today = todayInKazakhstan();

  const institution = (m: Membership) =>
    localName({ nameKk: m.institutionNameKk, nameRu: m.institutionNameRu, nameEn: m.institutionNameEn }, locale);
  const period = (m: Membership) =>
    `${formatDate(m.startsOn, locale)} – ${m.endsOn ? formatDate(m.endsOn, locale) : t('persons:memberships.now')}`;
  const roles = (m: Membership) => m.roles.map((r) => t(`enums:role.${r}`)).join(', ');
  const status = (m: Membership) =>
    isActive(m, today) ? null : (
      <Badge size="sm" color="gray" variant="light" tt="none">
        {m.startsOn > today ? t('persons:memberships.future') : t('persons:memberships.endedBadge')}
      </Badge>
    );
  // Only a membership that has not ended yet can be ended (a future one too: entered by mistake).
  const endable = (m: Membership) => person.canManage && (m.endsOn === null || m.endsOn > today);
  const endButton = (m: Membership) =>
    endable(m) ? (
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        onClick={() => setEnding(m)}
        data-testid={`membership-end-${m.id}`}
      >
        {t('persons:memberships.end')}
      </Button>
    ) : null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Title order={3}>{t('persons:memberships.title')}</Title>
        {person.canManage && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() => setAdding(true)}
            data-testid="membership-add-button"
          >
            {t('persons:memberships.add')}
          </Button>
        )}
      </Group>
      {person.memberships.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('persons:memberships.none')}
        </Text>
      ) : narrow ? (
        <Stack gap={6}>
          {person.memberships.map((m) => (
            <Card key={m.id} withBorder padding="sm" data-testid={`membership-row-${m.id}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Text fw={600} size="sm">
                  {institution(m)}
                </Text>
                {status(m)}
              </Group>
              <Text size="sm">
                {t(`enums:profile.${m.profile}`)}
                {m.isAdmin ? ` · ${t('persons:fields.isAdmin')}` : ''}
              </Text>
              {m.roles.length > 0 && (
                <Text size="sm" c="dimmed">
                  {roles(m)}
                </Text>
              )}
              {m.position && (
                <Text size="sm" c="dimmed">
                  {m.position}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {period(m)}
                {m.endReason ? ` · ${t(`enums:endReason.${m.endReason}`)}` : ''}
              </Text>
              {endable(m) && <Group justify="flex-end">{endButton(m)}</Group>}
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('persons:fields.institution')}</Table.Th>
                <Table.Th>{t('persons:fields.profile')}</Table.Th>
                <Table.Th>{t('persons:fields.roles')}</Table.Th>
                <Table.Th>{t('persons:fields.isAdmin')}</Table.Th>
                <Table.Th>{t('persons:memberships.period')}</Table.Th>
                <Table.Th>{t('persons:fields.endReason')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {person.memberships.map((m) => (
                <Table.Tr
                  key={m.id}
                  data-testid={`membership-row-${m.id}`}
                  c={isActive(m, today) ? undefined : 'dimmed'}
                >
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm" fw={500}>
                        {institution(m)}
                      </Text>
                      {m.position && (
                        <Text size="xs" c="dimmed">
                          {m.position}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{t(`enums:profile.${m.profile}`)}</Table.Td>
                  <Table.Td>{roles(m) || '—'}</Table.Td>
                  <Table.Td>{m.isAdmin ? t('persons:common.yes') : t('persons:common.no')}</Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {period(m)}
                      </Text>
                      {status(m)}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{m.endReason ? t(`enums:endReason.${m.endReason}`) : '—'}</Table.Td>
                  <Table.Td ta="end">{endButton(m)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {person.canManage && <AddMembershipModal person={person} opened={adding} onClose={() => setAdding(false)} />}
      <EndMembershipModal membership={ending} onClose={() => setEnding(null)} />
    </Stack>
  );
}
