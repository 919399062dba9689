import { weeklyCap } from '@common/curriculum.js';
import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClasses } from '../../api/classes.js';
import { type Curriculum, type Subject, useCurriculum, useSaveCurriculum, useSubjects } from '../../api/subjects.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { EmptyPage, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { GRADES, languageLabel } from '../classes/labels.js';

const key = (grade: number, subjectId: number) => `${grade}|${subjectId}`;
const validHours = (v: number) => v >= 0.5 && v <= 40 && Number.isInteger(v * 2);
const formatHours = (n: number) => String(Math.round(n * 10) / 10);

/** One language's grid: subjects × grades, each cell the weekly hours (empty = not taught). */
function Grid({
  yearId,
  language,
  curriculum,
  subjects,
  grades,
  canEdit,
}: {
  yearId: number;
  language: string;
  curriculum: Curriculum;
  subjects: Subject[];
  grades: number[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const save = useSaveCurriculum(yearId);
  const initial = new Map(
    curriculum.items.filter((i) => i.language === language).map((i) => [key(i.grade, i.subjectId), i.hoursPerWeek]),
  );
  const [draft, setDraft] = useState<Map<string, number>>(initial);
  // Archived subjects stay listed while they still have hours here.
  const rows = subjects.filter((s) => s.archivedAt === null || grades.some((g) => initial.has(key(g, s.id))));
  const invalid = [...draft.values()].some((v) => !validHours(v));
  const total = (g: number) => rows.reduce((sum, s) => sum + (draft.get(key(g, s.id)) ?? 0), 0);

  const submit = () =>
    save.mutate(
      {
        sections: grades.map((grade) => ({
          grade,
          language,
          hours: rows
            .filter((s) => draft.has(key(grade, s.id)))
            .map((s) => ({ subjectId: s.id, hoursPerWeek: draft.get(key(grade, s.id)) as number })),
        })),
      },
      {
        onSuccess: (r) => {
          notifySuccess(t('curriculum.saved'));
          for (const w of r.warnings) notifications.show({ color: 'orange', message: w.message, autoClose: 10000 });
        },
        onError: notifyError,
      },
    );

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={180 + grades.length * 72} type="native">
        <Table withTableBorder withColumnBorders striped verticalSpacing={4} data-testid="curriculum-grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th
                style={{
                  position: 'sticky',
                  left: 0,
                  zIndex: 1,
                  background: 'var(--mantine-color-body)',
                  minWidth: 160,
                }}
              >
                {t('curriculum.subject')}
              </Table.Th>
              {grades.map((g) => (
                <Table.Th key={g} ta="center" w={72}>
                  {g}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td style={{ position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
                  <Text size="sm">{localName(s, locale)}</Text>
                </Table.Td>
                {grades.map((g) => {
                  const k = key(g, s.id);
                  const value = draft.get(k);
                  return (
                    <Table.Td key={g} p={2}>
                      {canEdit ? (
                        <NumberInput
                          size="xs"
                          hideControls
                          min={0}
                          max={40}
                          step={0.5}
                          decimalScale={1}
                          allowNegative={false}
                          value={value ?? ''}
                          error={value !== undefined && !validHours(value)}
                          onChange={(v) =>
                            setDraft((prev) => {
                              const next = new Map(prev);
                              const n = typeof v === 'number' ? v : Number.parseFloat(String(v).replace(',', '.'));
                              if (v === '' || Number.isNaN(n) || n === 0) next.delete(k);
                              else next.set(k, n);
                              return next;
                            })
                          }
                          aria-label={`${localName(s, locale)}, ${g}`}
                          data-testid={`hours-${g}-${s.id}`}
                        />
                      ) : (
                        <Text size="sm" ta="center">
                          {value === undefined ? '' : formatHours(value)}
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td style={{ position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
                <Text size="sm" fw={700}>
                  {t('curriculum.total')}
                </Text>
              </Table.Td>
              {grades.map((g) => {
                const sum = total(g);
                const cap = weeklyCap(g, language);
                const over = cap !== null && sum > cap;
                return (
                  <Table.Td key={g} ta="center" data-testid={`total-${g}`}>
                    <Text size="sm" fw={700} c={over ? 'red' : undefined}>
                      {formatHours(sum)}
                    </Text>
                    {cap !== null && (
                      <Text size="xs" c={over ? 'red' : 'dimmed'}>
                        {t('curriculum.cap', { cap })}
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {invalid && (
        <Text size="sm" c="red">
          {t('curriculum.invalid')}
        </Text>
      )}
      {canEdit && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={invalid}
            loading={save.isPending}
            onClick={submit}
            data-testid="curriculum-save"
          >
            {t('curriculum.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Weekly hours per subject and grade, one language of instruction at a time; totals against the weekly caps. */
export function CurriculumTab({ yearId, canManage }: { yearId: number; canManage: boolean }) {
  const { t } = useTranslation('classes');
  const curriculum = useCurriculum(yearId);
  const subjects = useSubjects(true);
  const classes = useClasses(yearId);
  const [chosenLanguage, setLanguage] = useState<string | null>(null);
  const [allGrades, setAllGrades] = useState(false);

  if (curriculum.isPending || subjects.isPending) return <PageLoader />;
  if (curriculum.error) return <PageError error={curriculum.error} onRetry={() => void curriculum.refetch()} />;
  if (subjects.error) return <PageError error={subjects.error} onRetry={() => void subjects.refetch()} />;
  if (subjects.data.items.length === 0) return <EmptyPage title={t('curriculum.noSubjects')} />;

  const classList = classes.data?.items ?? [];
  const languages = [
    ...new Set(['kk', 'ru', ...classList.map((c) => c.language), ...curriculum.data.items.map((i) => i.language)]),
  ];
  const language = chosenLanguage ?? classList[0]?.language ?? 'kk';
  // The grades this language teaches (classes or hours); all thirteen on request or when there are none yet.
  const used = new Set([
    ...classList.filter((c) => c.language === language).map((c) => c.grade),
    ...curriculum.data.items.filter((i) => i.language === language).map((i) => i.grade),
  ]);
  const grades = allGrades || used.size === 0 ? GRADES : GRADES.filter((g) => used.has(g));
  const canEdit = canManage && !curriculum.data.yearClosed;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('curriculum.intro')}
      </Text>
      <Group gap="md" wrap="wrap">
        <SegmentedControl
          data={languages.map((l) => ({ value: l, label: languageLabel(t, l) }))}
          value={language}
          onChange={setLanguage}
          data-testid="curriculum-language"
        />
        <Switch
          label={t('curriculum.allGrades')}
          checked={allGrades || used.size === 0}
          disabled={used.size === 0}
          onChange={(e) => setAllGrades(e.currentTarget.checked)}
        />
      </Group>
      {curriculum.data.warnings.map((w) => (
        <Alert key={w.message} color="orange" icon={<IconAlertTriangle />} py="xs">
          {w.message}
        </Alert>
      ))}
      <Grid
        // A new language, grade set or saved data starts a fresh draft.
        key={`${language}:${grades.join()}:${JSON.stringify(curriculum.data.items)}`}
        yearId={yearId}
        language={language}
        curriculum={curriculum.data}
        subjects={subjects.data.items}
        grades={grades}
        canEdit={canEdit}
      />
    </Stack>
  );
}
