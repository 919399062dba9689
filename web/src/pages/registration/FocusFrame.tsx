import { Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../api/me.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';

/**
 * The frame of the steps a signed-in person must take before the cabinet opens (registration, a new agreement
 * version): the sign-in page's look, wide enough to read an agreement, with the language and a way out.
 */
export function FocusFrame({
  title,
  subtitle,
  children,
  testId,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation('registration');
  const signOut = useSignOut();
  return (
    <Center mih="100vh" p={{ base: 'xs', sm: 'md' }} bg="gray.0">
      <Box w="100%" maw={720}>
        <Group justify="space-between" mb="sm" wrap="nowrap">
          <Text fw={800} c="blue.7">
            {t('common:appName')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch size="compact-sm" />
            <Button
              variant="subtle"
              color="gray"
              size="compact-sm"
              onClick={() => signOut.mutate()}
              loading={signOut.isPending}
              data-testid="focus-signout"
            >
              {t('wizard.signOut')}
            </Button>
          </Group>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }} data-testid={testId}>
          <Stack gap={4} mb="lg">
            <Title order={2}>{title}</Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Box>
    </Center>
  );
}
