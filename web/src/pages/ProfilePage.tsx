import { LOCALES, type Locale } from '@common/enums.js';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCurrentMe, useSetLocale, useSwitchContext } from '../api/me.js';
import { MembershipSummary } from '../components/MembershipSummary.js';
import { isLocale } from '../i18n.js';
import { MyCorrections } from './corrections/MyCorrections.js';
import { DeleteMyProfileCard } from './deletion/DeleteMyProfileCard.js';
import { EmailCard } from './password/EmailCard.js';
import { PasswordCard } from './password/PasswordCard.js';

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const setLocale = useSetLocale();
  const switchContext = useSwitchContext();
  const navigate = useNavigate();
  const fullName = [me.surname, me.firstName, me.patronymic].filter(Boolean).join(' ');

  return (
    <Stack gap="lg">
      <Title order={2} data-testid="profile-name">
        {fullName}
      </Title>

      <Card withBorder radius="md">
        <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={6}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={{ base: 110, sm: 180 }}>{t('profile.surname')}</Table.Th>
              <Table.Td>{me.surname}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('profile.firstName')}</Table.Th>
              <Table.Td>{me.firstName}</Table.Td>
            </Table.Tr>
            {me.patronymic && (
              <Table.Tr>
                <Table.Th>{t('profile.patronymic')}</Table.Th>
                <Table.Td>{me.patronymic}</Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th>{t('profile.username')}</Table.Th>
              <Table.Td data-testid="profile-username" style={{ wordBreak: 'break-all' }}>
                {me.username}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>

      <Stack gap="xs">
        <Title order={4}>{t('profile.language')}</Title>
        <Text size="sm" c="dimmed">
          {t('profile.languageHint')}
        </Text>
        <SegmentedControl
          data-testid="profile-locale"
          value={me.locale}
          disabled={setLocale.isPending}
          onChange={(value) => {
            if (isLocale(value)) setLocale.mutate(value);
          }}
          data={LOCALES.map((l: Locale) => ({ value: l, label: t(`enums:locale.${l}`) }))}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>

      <Card withBorder radius="md">
        <Group justify="space-between" align="center" gap="sm">
          <Stack gap={2} style={{ flex: '1 1 220px' }}>
            <Text fw={600}>{t('sessions:profileLink.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('sessions:profileLink.text')}
            </Text>
          </Stack>
          <Button component={Link} to="/sessions" variant="light" data-testid="profile-sessions-link">
            {t('sessions:profileLink.button')}
          </Button>
        </Group>
      </Card>

      <Card withBorder radius="md">
        <Group justify="space-between" align="center" gap="sm">
          <Stack gap={2} style={{ flex: '1 1 220px' }}>
            <Text fw={600}>{t('apiClients:profileLink.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('apiClients:profileLink.text')}
            </Text>
          </Stack>
          <Button component={Link} to="/settings/apps" variant="light" data-testid="profile-apps-link">
            {t('apiClients:profileLink.button')}
          </Button>
        </Group>
      </Card>

      <PasswordCard />
      <EmailCard />

      <Stack gap="xs">
        <Title order={4}>{t('profile.memberships')}</Title>
        {me.memberships.length === 0 && <Text c="dimmed">{t('profile.noMemberships')}</Text>}
        {me.memberships.map((m) => {
          const current = m.id === me.context?.id;
          return (
            <Card key={m.id} withBorder radius="md" data-testid={`my-membership-${m.id}`}>
              <Group justify="space-between" align="flex-start" gap="sm">
                <MembershipSummary membership={m} />
                {current ? (
                  <Badge color="green" variant="light">
                    {t('profile.currentContext')}
                  </Badge>
                ) : (
                  <Button
                    size="xs"
                    variant="light"
                    loading={switchContext.isPending && switchContext.variables === m.id}
                    onClick={() => switchContext.mutate(m.id, { onSuccess: () => navigate('/') })}
                  >
                    {t('profile.actAs')}
                  </Button>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>

      <MyCorrections />

      <DeleteMyProfileCard />
    </Stack>
  );
}
