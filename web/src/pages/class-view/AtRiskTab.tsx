import type { ClassView, RiskReason } from '@common/schemas/class-view.js';
import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyPage } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';

const COLORS: Record<RiskReason['kind'], string> = { failing: 'red', na_risk: 'grape', absences: 'orange' };

/** The pupils at risk, each with the reasons and a link to the journal of every subject concerned. */
export function AtRiskTab({ view }: { view: ClassView }) {
  const { t } = useTranslation('classView');
  const locale = useLocale();
  const subjects = new Map(view.subjects.map((s) => [s.assignmentId, s]));
  const list = view.students.filter((s) => s.risks.length > 0);
  const subjectLinks = (ids: number[]) =>
    ids.map((id, i) => {
      const s = subjects.get(id);
      const name = s ? `${localName(s.subject, locale)}${s.subgroupName ? ` (${s.subgroupName})` : ''}` : String(id);
      return (
        <Fragment key={id}>
          {i > 0 && ', '}
          <Anchor component={Link} to={`/journal/${id}`} size="sm" title={t('risk.openJournal')}>
            {name}
          </Anchor>
        </Fragment>
      );
    });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('risk.rules', { percent: view.thresholds.missedPercent, days: view.thresholds.unexcusedFullDays })}
      </Text>
      {list.length === 0 ? (
        <EmptyPage title={t('risk.none')} />
      ) : (
        list.map((s) => (
          <Card key={s.id} withBorder padding="sm" data-testid={`cv-risk-${s.id}`}>
            <Stack gap={4}>
              <Text fw={600}>{s.name}</Text>
              {s.risks.map((r) => (
                <Group key={r.kind} gap="xs" wrap="nowrap" align="flex-start" data-testid={`cv-risk-${s.id}-${r.kind}`}>
                  <Badge size="sm" variant="light" color={COLORS[r.kind]} style={{ flexShrink: 0 }}>
                    {r.kind === 'failing' ? '«2»' : r.kind === 'na_risk' ? t('grades.na') : t('attendance.missed')}
                  </Badge>
                  <Text size="sm">
                    {r.kind === 'absences' ? (
                      t('risk.absences', {
                        percent: r.missedPercent === null ? 0 : Math.round(r.missedPercent),
                        days: r.fullDaysUnexcused,
                      })
                    ) : (
                      <>
                        {t(`risk.${r.kind}`)}
                        {': '}
                        {subjectLinks(r.assignmentIds)}
                      </>
                    )}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}
