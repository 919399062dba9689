import { AppShell, Box, Burger, Group, ScrollArea, Text, UnstyledButton, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentMe } from '../api/me.js';
import { useLocale } from '../i18n.js';
import { ContextSwitcher, membershipLabel } from './ContextSwitcher.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { MainNav } from './MainNav.js';
import { NotificationBell } from './NotificationBell.js';
import { PageLoader } from './PageState.js';
import { UserMenu } from './UserMenu.js';

/**
 * The frame of every signed-in page: header (name, context, language, user), the navbar of the sections this
 * context may use (a burger drawer on phones) and the page itself, loaded lazily.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useCurrentMe();
  const theme = useMantineTheme();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Render the context switcher in exactly one place (header or drawer), so its test id stays unique.
  const phone = useMediaQuery(`(max-width: ${theme.breakpoints.sm})`, false, { getInitialValueInEffect: false });

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggle')}
              data-testid="nav-burger"
            />
            <UnstyledButton component={Link} to="/" onClick={close} aria-label={t('appName')}>
              <Text fw={800} fz={phone ? 'lg' : 'xl'} c="blue.7" style={{ letterSpacing: '-0.02em' }}>
                {t('appName')}
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap={phone ? 4 : 'md'} wrap="nowrap">
            {!phone && <ContextSwitcher />}
            <LanguageSwitch />
            <NotificationBell compact={phone} />
            <UserMenu compact={phone} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        {phone && (
          <Box mb="sm">
            <ContextSwitcher fullWidth />
          </Box>
        )}
        <AppShell.Section grow component={ScrollArea}>
          <MainNav capabilities={me.capabilities} onNavigate={close} />
        </AppShell.Section>
        {me.context && (
          <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--app-shell-border-color)' }}>
            <Text size="xs" c="dimmed">
              {t('context.current')}
            </Text>
            <Text size="sm" lineClamp={3}>
              {membershipLabel(me.context, locale, t)}
            </Text>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main>
        <Box maw={1100} mx="auto">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
