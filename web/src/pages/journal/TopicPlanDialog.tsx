import type { JournalAssignment } from '@common/schemas/journal.js';
import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconListNumbers, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type PlanScope,
  type TopicPlanApplyResult,
  useApplyTopicPlan,
  useDeleteTopicPlan,
  useTopicPlan,
  useUploadTopicPlan,
} from '../../api/topic-plans.js';
import { errorMessage } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { isApiError } from '../../lib/apiError.js';
import { localName } from '../../lib/localName.js';

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A refused upload: the message and, for a file with bad rows, every row the server named. */
function UploadError({ error }: { error: unknown }) {
  return (
    <Alert color="red" data-testid="topic-plan-error">
      <Text size="sm">{errorMessage(error)}</Text>
      {isApiError(error) && error.issues.length > 0 && (
        <List size="sm" mt={4}>
          {error.issues.map((i) => (
            <List.Item key={i.path}>{i.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function ApplySection({ assignmentId }: { assignmentId: number }) {
  const { t } = useTranslation('topicPlans');
  const apply = useApplyTopicPlan(assignmentId);
  const [overwrite, setOverwrite] = useState(false);
  const [from, setFrom] = useState('');
  const [result, setResult] = useState<TopicPlanApplyResult | null>(null);
  return (
    <Stack gap="xs">
      <Title order={5}>{t('apply.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('apply.hint')}
      </Text>
      <Checkbox
        label={t('apply.overwrite')}
        checked={overwrite}
        onChange={(e) => setOverwrite(e.currentTarget.checked)}
        data-testid="topic-plan-overwrite"
      />
      {overwrite && (
        <TextInput
          type="date"
          label={t('apply.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={200}
          data-testid="topic-plan-from"
        />
      )}
      <Group>
        <Button
          loading={apply.isPending}
          disabled={overwrite && from === ''}
          onClick={() => apply.mutate(overwrite ? from : null, { onSuccess: setResult })}
          data-testid="topic-plan-apply"
        >
          {overwrite ? t('apply.buttonOverwrite') : t('apply.button')}
        </Button>
      </Group>
      {apply.error && <Alert color="red">{errorMessage(apply.error)}</Alert>}
      {result && (
        <Alert color="green" data-testid="topic-plan-applied">
          <Text size="sm">{t('apply.done', { filled: result.filled })}</Text>
          {result.skippedClosed > 0 && <Text size="sm">{t('apply.skipped', { count: result.skippedClosed })}</Text>}
          {result.covered < result.lessons && (
            <Text size="sm">{t('apply.short', { covered: result.covered, lessons: result.lessons })}</Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * The plan of topics (КТП) of the journal's subject and grade: see it, upload or replace it (administrators and
 * the subject's teachers), and fill the journal's lesson topics from it.
 */
export function TopicPlanDialog({
  assignment,
  canEdit,
  onClose,
}: {
  assignment: JournalAssignment;
  /** Upload, delete and apply: the assignment's teacher or an administrator (the server checks again). */
  canEdit: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('topicPlans');
  const locale = useLocale();
  const scope: PlanScope = { subjectId: assignment.subjectId, grade: assignment.grade, yearId: assignment.yearId };
  const plan = useTopicPlan(scope);
  const upload = useUploadTopicPlan(scope);
  const remove = useDeleteTopicPlan(scope);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const current = plan.data ?? null;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={t('title', { subject: localName(assignment.subject, locale), grade: assignment.grade })}
    >
      <Stack gap="sm" data-testid="topic-plan-dialog">
        {plan.error && <Alert color="red">{errorMessage(plan.error)}</Alert>}
        {plan.isPending ? null : current ? (
          <>
            <Text size="sm" c="dimmed" data-testid="topic-plan-summary">
              {t('summary', {
                topics: current.items.length,
                hours: current.totalHours,
                date: new Date(current.uploadedAt).toLocaleDateString(i18n.language),
                name: current.uploadedByName ?? '—',
              })}
            </Text>
            <ScrollArea.Autosize mah={320}>
              <Table striped withTableBorder data-testid="topic-plan-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={50}>{t('columns.position')}</Table.Th>
                    <Table.Th>{t('columns.topic')}</Table.Th>
                    <Table.Th w={80}>{t('columns.hours')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {current.items.map((i) => (
                    <Table.Tr key={i.position}>
                      <Table.Td>{i.position}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{i.topic}</Table.Td>
                      <Table.Td>{i.hours}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </>
        ) : (
          <Text size="sm" data-testid="topic-plan-none">
            {t('none')}
          </Text>
        )}
        {canEdit && (
          <>
            <Text size="xs" c="dimmed">
              {t('upload.hint')}
            </Text>
            <Group gap="xs">
              <FileButton
                accept={ACCEPT}
                onChange={(file) => {
                  if (file) upload.mutate(file);
                }}
              >
                {(props) => (
                  <Button
                    {...props}
                    variant={current ? 'default' : 'filled'}
                    leftSection={<IconUpload size={14} />}
                    loading={upload.isPending}
                    data-testid="topic-plan-upload"
                  >
                    {current ? t('upload.replaceButton') : t('upload.button')}
                  </Button>
                )}
              </FileButton>
              {current && !confirmDelete && (
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  {t('delete')}
                </Button>
              )}
            </Group>
            {upload.error && <UploadError error={upload.error} />}
            {upload.isSuccess && !upload.error && (
              <Text size="sm" c="green">
                {t('upload.done', { count: upload.data.items.length })}
              </Text>
            )}
            {confirmDelete && current && (
              <Alert color="orange">
                <Text size="sm">{t('deleteConfirm')}</Text>
                <Group gap="xs" mt="xs">
                  <Button
                    size="xs"
                    color="red"
                    loading={remove.isPending}
                    onClick={() => remove.mutate(current.id, { onSuccess: () => setConfirmDelete(false) })}
                  >
                    {t('delete')}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setConfirmDelete(false)}>
                    {t('close')}
                  </Button>
                </Group>
              </Alert>
            )}
            {current && <ApplySection assignmentId={assignment.id} />}
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** The journal header's button that opens the dialog. */
export function TopicPlanButton({ assignment, canEdit }: { assignment: JournalAssignment; canEdit: boolean }) {
  const { t } = useTranslation('topicPlans');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconListNumbers size={14} />}
        onClick={() => setOpen(true)}
        data-testid="topic-plan-open"
      >
        {t('button')}
      </Button>
      {open && <TopicPlanDialog assignment={assignment} canEdit={canEdit} onClose={() => setOpen(false)} />}
    </>
  );
}
