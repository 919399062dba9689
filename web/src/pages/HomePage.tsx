import type { Me } from '@common/schemas/auth.js';
import { Alert, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconBuildingCommunity,
  IconHistory,
  IconInfoCircle,
  IconMoodKid,
  IconUserCircle,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentMe } from '../api/me.js';
import { MembershipSummary } from '../components/MembershipSummary.js';
import { ConsentNotice } from './registration/ConsentNotice.js';

interface Shortcut {
  id: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  color: string;
  show: (c: Me['capabilities']) => boolean;
}

/** What this context can do first, by capability (the same rules as the navbar). */
const SHORTCUTS: Shortcut[] = [
  { id: 'children', to: '/children', icon: IconMoodKid, color: 'pink', show: (c) => c.seeChildren },
  {
    id: 'institutions',
    to: '/institutions',
    icon: IconBuildingCommunity,
    color: 'indigo',
    show: (c) => c.browseInstitutions,
  },
  { id: 'people', to: '/people', icon: IconUsers, color: 'teal', show: (c) => c.listPeople },
  { id: 'addPerson', to: '/people/new', icon: IconUserPlus, color: 'green', show: (c) => c.managePeople },
  { id: 'audit', to: '/audit', icon: IconHistory, color: 'orange', show: (c) => c.readAudit },
  { id: 'profile', to: '/profile', icon: IconUserCircle, color: 'gray', show: () => true },
];

export default function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const shortcuts = SHORTCUTS.filter((s) => s.show(me.capabilities));

  return (
    <Stack gap="lg">
      <Title order={2} data-testid="home-greeting">
        {t('home.greeting', { name: me.firstName })}
      </Title>
      <ConsentNotice />

      {me.context ? (
        <Card withBorder radius="md" padding="md" data-testid="home-context">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6}>
            {t('context.current')}
          </Text>
          <MembershipSummary membership={me.context} />
        </Card>
      ) : (
        <Alert color="yellow" icon={<IconInfoCircle />}>
          {t('home.noContext')}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
        {shortcuts.map(({ id, to, icon: Icon, color }) => (
          <Card
            key={id}
            component={Link}
            to={to}
            withBorder
            radius="md"
            padding="md"
            data-testid={`shortcut-${id}`}
            style={{ textDecoration: 'none' }}
          >
            <Group wrap="nowrap" align="flex-start">
              <ThemeIcon size={42} radius="md" variant="light" color={color}>
                <Icon size={24} stroke={1.6} />
              </ThemeIcon>
              <div>
                <Text fw={600}>{t(`home.shortcuts.${id}.title`)}</Text>
                <Text size="sm" c="dimmed">
                  {t(`home.shortcuts.${id}.text`)}
                </Text>
              </div>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
