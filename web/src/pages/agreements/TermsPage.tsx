import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentAgreement } from '../../api/agreements.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { AgreementText } from './AgreementText.js';

/** /terms — the agreement in force, readable by anyone before signing in (2.2). */
export default function TermsPage() {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const current = useCurrentAgreement();
  return (
    <Center p={{ base: 'xs', sm: 'md' }} bg="gray.0" mih="100vh">
      <Box w="100%" maw={760}>
        <Group justify="space-between" mb="sm">
          <Anchor component={Link} to="/sign-in" fw={700}>
            {t('terms.signIn')}
          </Anchor>
          <LanguageSwitch size="compact-sm" />
        </Group>
        <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} data-testid="terms-page">
          <Stack gap="md">
            <Title order={1} size="h2">
              {t('terms.title')}
            </Title>
            {current.isPending ? (
              <PageLoader />
            ) : current.error ? (
              <PageError error={current.error} onRetry={() => void current.refetch()} />
            ) : current.data ? (
              <>
                <Text c="dimmed" size="sm">
                  {t('terms.version', {
                    label: current.data.label,
                    date: formatDate(current.data.publishedAt ?? current.data.createdAt, locale),
                  })}
                </Text>
                <AgreementText text={current.data.text[locale]} testId="terms-text" />
              </>
            ) : (
              <Text>{t('terms.none')}</Text>
            )}
          </Stack>
        </Paper>
      </Box>
    </Center>
  );
}
