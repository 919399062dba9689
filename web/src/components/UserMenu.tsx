import { ActionIcon, Avatar, Button, Group, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentMe, useSignOut } from '../api/me.js';

const initials = (surname: string, firstName: string) => `${firstName.charAt(0)}${surname.charAt(0)}`.toUpperCase();

/**
 * The person's corner of the header: their name (→ my profile) and sign-out. Both stay visible instead of
 * hiding in a dropdown, so they are one tap away on a phone as well.
 */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const signOut = useSignOut();
  const name = `${me.firstName} ${me.surname}`;

  return (
    <Group gap={compact ? 4 : 'xs'} wrap="nowrap">
      <Tooltip label={t('nav.profile')}>
        {compact ? (
          <ActionIcon
            component={Link}
            to="/profile"
            variant="subtle"
            radius="xl"
            size="lg"
            aria-label={t('nav.profile')}
          >
            <Avatar size={30} radius="xl" color="blue">
              {initials(me.surname, me.firstName)}
            </Avatar>
          </ActionIcon>
        ) : (
          <Button
            component={Link}
            to="/profile"
            variant="subtle"
            color="gray"
            size="sm"
            px={6}
            leftSection={
              <Avatar size={26} radius="xl" color="blue">
                {initials(me.surname, me.firstName)}
              </Avatar>
            }
          >
            {name}
          </Button>
        )}
      </Tooltip>
      <Tooltip label={t('signOut')}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={t('signOut')}
          data-testid="signout"
          loading={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          <IconLogout size={20} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
