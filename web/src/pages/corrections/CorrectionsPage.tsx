import { CORRECTION_STATUSES, type CorrectionStatus } from '@common/schemas/registration.js';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Correction, useCorrections, useRejectCorrection, useResolveCorrection } from '../../api/corrections.js';
import { useCurrentMe } from '../../api/me.js';
import { errorMessage, notifySuccess } from '../../components/notify.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDateTime, fullName } from '../people/format.js';
import { CorrectionValuesTable, STATUS_COLORS } from './CorrectionValues.js';

type Filter = CorrectionStatus | 'all';

function CorrectionCard({
  c,
  onAnswer,
}: {
  c: Correction;
  onAnswer: (c: Correction, how: 'apply' | 'reject') => void;
}) {
  const { t } = useTranslation('registration');
  const locale = useLocale();
  return (
    <Card withBorder radius="md" padding="md" data-testid={`correction-card-${c.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/people/${c.person.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
              {fullName(c.person)}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t('corrections.filed', { date: formatDateTime(c.createdAt, locale) })}
            </Text>
          </div>
          <Badge color={STATUS_COLORS[c.status]}>{t(`corrections.status.${c.status}`)}</Badge>
        </Group>
        <CorrectionValuesTable current={c.current} proposed={c.proposed} />
        {c.comment && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <Text span c="dimmed" size="sm">
              {t('corrections.comment')}:{' '}
            </Text>
            {c.comment}
          </Text>
        )}
        {c.status !== 'open' && (
          <Text size="sm" data-testid={`correction-answer-${c.id}`}>
            <Text span c="dimmed" size="sm">
              {t('corrections.answer')}:{' '}
            </Text>
            {c.answer ?? '—'}
            {c.resolvedBy && c.resolvedAt && (
              <Text span c="dimmed" size="xs">
                {' '}
                ({t('corrections.resolvedBy', { name: c.resolvedBy, date: formatDateTime(c.resolvedAt, locale) })})
              </Text>
            )}
          </Text>
        )}
        {c.status === 'open' && (
          <Group justify="flex-end" gap="xs">
            <Button
              variant="default"
              color="red"
              onClick={() => onAnswer(c, 'reject')}
              data-testid={`correction-reject-${c.id}`}
            >
              {t('corrections.reject')}
            </Button>
            <Button onClick={() => onAnswer(c, 'apply')} data-testid={`correction-apply-${c.id}`}>
              {t('corrections.apply')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** /corrections — the context institution's data-correction requests, for its administrators. */
export default function CorrectionsPage() {
  const { t } = useTranslation('registration');
  const me = useCurrentMe();
  const [filter, setFilter] = useState<Filter>('open');
  const list = useCorrections(filter === 'all' ? undefined : filter);
  const resolve = useResolveCorrection();
  const reject = useRejectCorrection();
  const [answering, setAnswering] = useState<{ c: Correction; how: 'apply' | 'reject' } | null>(null);
  const [answer, setAnswer] = useState('');
  const [answerError, setAnswerError] = useState<string | null>(null);

  if (!me.capabilities.handleCorrections) return <NoAccess />;

  const open = (c: Correction, how: 'apply' | 'reject') => {
    setAnswer('');
    setAnswerError(null);
    setAnswering({ c, how });
  };
  const confirm = () => {
    if (!answering) return;
    const { c, how } = answering;
    if (how === 'reject') {
      if (!answer.trim()) return setAnswerError(t('corrections.answerRequired'));
      reject.mutate(
        { id: c.id, answer },
        {
          onSuccess: () => {
            setAnswering(null);
            notifySuccess(t('corrections.rejectedDone'));
          },
          onError: (error) => setAnswerError(errorMessage(error)),
        },
      );
    } else {
      resolve.mutate(
        { id: c.id, answer: answer.trim() || undefined },
        {
          onSuccess: () => {
            setAnswering(null);
            notifySuccess(t('corrections.applied'));
          },
        },
      );
    }
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('corrections.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('corrections.intro')}
        </Text>
      </div>
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[...CORRECTION_STATUSES, 'all' as const].map((s) => ({ value: s, label: t(`corrections.filter.${s}`) }))}
        data-testid="corrections-filter"
        style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <PageError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyPage title={t('corrections.empty')} />
      ) : (
        <Stack gap="sm">
          {list.data.items.map((c) => (
            <CorrectionCard key={c.id} c={c} onAnswer={open} />
          ))}
        </Stack>
      )}

      <Modal
        opened={answering !== null}
        onClose={() => setAnswering(null)}
        title={answering?.how === 'reject' ? t('corrections.rejectTitle') : t('corrections.applyTitle')}
        centered
      >
        <Stack gap="sm">
          {answering?.how === 'apply' && <Text size="sm">{t('corrections.applyText')}</Text>}
          <Textarea
            label={answering?.how === 'reject' ? t('corrections.answerLabel') : t('corrections.answerOptional')}
            autosize
            minRows={2}
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
            error={answerError}
            required={answering?.how === 'reject'}
            data-testid="correction-answer"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setAnswering(null)}>
              {t('wizard.correction.cancel')}
            </Button>
            <Button
              color={answering?.how === 'reject' ? 'red' : undefined}
              loading={resolve.isPending || reject.isPending}
              onClick={confirm}
              data-testid="correction-confirm"
            >
              {answering?.how === 'reject' ? t('corrections.reject') : t('corrections.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
