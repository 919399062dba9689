import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';

/** The frame of the screens outside the cabinet (recovery, confirmation, a forced password change): like sign-in. */
export function AuthCard({
  title,
  text,
  children,
  testId,
}: {
  title: string;
  text?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Box w="100%" maw={440}>
        <Group justify="space-between" mb="sm">
          <Text fw={700} c="blue.7">
            {t('common:appName')}
          </Text>
          <LanguageSwitch size="compact-sm" />
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} data-testid={testId}>
          <Stack gap={4} mb="lg">
            <Title order={3}>{title}</Title>
            {text && (
              <Text c="dimmed" size="sm">
                {text}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Box>
    </Center>
  );
}
