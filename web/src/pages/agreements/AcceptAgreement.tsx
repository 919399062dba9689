import { Accordion, Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAcceptAgreement, useCurrentAgreement } from '../../api/agreements.js';
import { notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { FocusFrame } from '../registration/FocusFrame.js';
import { AgreementText } from './AgreementText.js';

/**
 * A new version of the agreement was published since the person last accepted one (2.2): what changed comes
 * first, the full text is one tap away, and continuing is the acceptance.
 */
export default function AcceptAgreement() {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  const current = useCurrentAgreement();
  const accept = useAcceptAgreement();

  if (current.isPending) return <PageLoader fullScreen />;
  if (current.error) return <PageError error={current.error} onRetry={() => void current.refetch()} />;
  const v = current.data;
  // Nothing to accept (withdrawn between the two requests): reloading `me` lets the cabinet open.
  if (!v) return <PageLoader fullScreen />;
  const changes = v.changes[locale].trim();

  return (
    <FocusFrame
      title={t('accept.title')}
      subtitle={t('accept.version', { label: v.label, date: formatDate(v.publishedAt ?? v.createdAt, locale) })}
      testId="accept-agreement"
    >
      <Stack gap="md">
        <Paper withBorder radius="md" p="md" bg="blue.0">
          <Title order={4} mb="xs">
            {t('accept.changes')}
          </Title>
          {changes ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="agreement-changes">
              {changes}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" data-testid="agreement-changes">
              {t('accept.noChanges')}
            </Text>
          )}
        </Paper>
        <Accordion variant="contained" defaultValue={changes ? null : 'text'}>
          <Accordion.Item value="text">
            <Accordion.Control data-testid="agreement-full-text-toggle">{t('accept.fullText')}</Accordion.Control>
            <Accordion.Panel>
              <AgreementText text={v.text[locale]} testId="agreement-full-text" />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <Alert color="blue" icon={<IconInfoCircle />}>
          {t('accept.continuing')}
        </Alert>
        <Button
          size="md"
          onClick={() => accept.mutate(v.id, { onSuccess: () => notifySuccess(t('accept.accepted')) })}
          loading={accept.isPending}
          data-testid="agreement-accept"
        >
          {t('accept.continue')}
        </Button>
      </Stack>
    </FocusFrame>
  );
}
