import { ASSESSMENT_MODES, type AssessmentModeKind } from '@common/enums.js';
import { ASSESSMENT_PERIOD_KINDS, type AssessmentModeRow } from '@common/schemas/subjects.js';
import { Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AssessmentModes, useAssessmentModes, useSaveAssessmentModes, useSubjects } from '../../api/subjects.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { EmptyPage, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { gradeLabel } from '../classes/labels.js';

const key = (r: { subjectId: number; grade: number }) => `${r.subjectId}|${r.grade}`;
type PeriodKind = (typeof ASSESSMENT_PERIOD_KINDS)[number];

function ModesTable({
  yearId,
  data,
  names,
  canEdit,
}: {
  yearId: number;
  data: AssessmentModes;
  names: Map<number, string>;
  canEdit: boolean;
}) {
  const { t } = useTranslation('classes');
  const save = useSaveAssessmentModes(yearId);
  const [rows, setRows] = useState<AssessmentModeRow[]>(data.items);
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [grade, setGrade] = useState('');
  const narrow = useMediaQuery('(max-width: 48em)');
  const grades = [...new Set(rows.map((r) => r.grade))].sort((a, b) => a - b);
  const shown = rows.filter((r) => grade === '' || r.grade === Number(grade));

  const change = (row: AssessmentModeRow, patch: Partial<AssessmentModeRow>) => {
    setRows((prev) =>
      prev.map((r) => {
        if (key(r) !== key(row)) return r;
        const next = { ...r, ...patch };
        // A term summative needs marks: switching to pass/fail or ungraded drops it.
        if (next.mode !== 'graded') next.hasTermSummative = false;
        return next;
      }),
    );
    setEdited((prev) => new Set(prev).add(key(row)));
  };
  const label = (r: AssessmentModeRow) => (
    <Group gap={6}>
      <Text size="sm">
        {gradeLabel(t, r.grade)} · {names.get(r.subjectId) ?? r.subjectId}
      </Text>
      {r.isDefault && !edited.has(key(r)) && (
        <Badge size="xs" variant="light" color="gray" tt="none">
          {t('assessment.suggested')}
        </Badge>
      )}
    </Group>
  );
  const controls = (r: AssessmentModeRow) => [
    <NativeSelect
      key="mode"
      size="xs"
      disabled={!canEdit}
      data={ASSESSMENT_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
      value={r.mode}
      onChange={(e) => change(r, { mode: e.currentTarget.value as AssessmentModeKind })}
      aria-label={t('assessment.mode')}
    />,
    <Checkbox
      key="summative"
      label={narrow ? t('assessment.summative') : undefined}
      disabled={!canEdit || r.mode !== 'graded'}
      checked={r.hasTermSummative}
      onChange={(e) => change(r, { hasTermSummative: e.currentTarget.checked })}
      aria-label={t('assessment.summative')}
    />,
    <NativeSelect
      key="period"
      size="xs"
      disabled={!canEdit}
      data={ASSESSMENT_PERIOD_KINDS.map((p) => ({ value: p, label: t(`period.${p}`) }))}
      value={r.periodKind}
      onChange={(e) => change(r, { periodKind: e.currentTarget.value as PeriodKind })}
      aria-label={t('assessment.period')}
    />,
  ];

  // Suggestions nobody touched stay suggestions (they follow the curriculum); the rest are stored.
  const submit = () =>
    save.mutate(
      rows
        .filter((r) => !r.isDefault || edited.has(key(r)))
        .map(({ subjectId, grade: g, mode, hasTermSummative, periodKind }) => ({
          subjectId,
          grade: g,
          mode,
          hasTermSummative,
          periodKind,
        })),
      { onSuccess: () => notifySuccess(t('assessment.saved')), onError: notifyError },
    );

  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('assessment.grade')}
        maw={240}
        data={[
          { value: '', label: t('assessment.allGrades') },
          ...grades.map((g) => ({ value: String(g), label: gradeLabel(t, g) })),
        ]}
        value={grade}
        onChange={(e) => setGrade(e.currentTarget.value)}
        data-testid="assessment-grade"
      />
      {narrow ? (
        // A phone gets one card per row: the three choices wrap under the subject instead of a wide table.
        <Stack gap="xs" data-testid="assessment-table">
          {shown.map((r) => (
            <Card key={key(r)} withBorder padding="xs" radius="sm" data-testid={`mode-${r.grade}-${r.subjectId}`}>
              <Stack gap={6}>
                {label(r)}
                <Group gap="xs" wrap="wrap" align="center">
                  {controls(r)}
                </Group>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped verticalSpacing={4} data-testid="assessment-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assessment.subject')}</Table.Th>
                <Table.Th w={150}>{t('assessment.mode')}</Table.Th>
                <Table.Th w={90}>{t('assessment.summative')}</Table.Th>
                <Table.Th w={140}>{t('assessment.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const [mode, summative, period] = controls(r);
                return (
                  <Table.Tr key={key(r)} data-testid={`mode-${r.grade}-${r.subjectId}`}>
                    <Table.Td>{label(r)}</Table.Td>
                    <Table.Td>{mode}</Table.Td>
                    <Table.Td>{summative}</Table.Td>
                    <Table.Td>{period}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            loading={save.isPending}
            onClick={submit}
            data-testid="assessment-save"
          >
            {t('assessment.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** How each subject is assessed per grade this year: suggestions from the rules, changed as the school decides. */
export function AssessmentTab({ yearId, canManage }: { yearId: number; canManage: boolean }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const modes = useAssessmentModes(yearId);
  const subjects = useSubjects(true);
  if (modes.isPending || subjects.isPending) return <PageLoader />;
  if (modes.error) return <PageError error={modes.error} onRetry={() => void modes.refetch()} />;
  if (subjects.error) return <PageError error={subjects.error} onRetry={() => void subjects.refetch()} />;
  const names = new Map(subjects.data.items.map((s) => [s.id, localName(s, locale)]));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('assessment.intro')}
      </Text>
      {modes.data.items.length === 0 ? (
        <EmptyPage title={t('assessment.empty')} />
      ) : (
        <ModesTable
          key={JSON.stringify(modes.data.items)}
          yearId={yearId}
          data={modes.data}
          names={names}
          canEdit={canManage && !modes.data.yearClosed}
        />
      )}
    </Stack>
  );
}
