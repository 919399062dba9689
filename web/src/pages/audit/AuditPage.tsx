import type { AuditEventView } from '@common/schemas/audit.js';
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Collapse,
  Grid,
  Group,
  Loader,
  Pill,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconBuilding, IconChevronDown, IconChevronRight, IconFilter } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type AuditFilters, useAuditLog } from '../../api/audit.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { formatDateTime } from '../people/format.js';
import { useInstitutionDetail } from '../people/institutionLookup.js';
import { AuditDiff } from './AuditDiff.js';
import { ACTION_GROUPS, AUDIT_ACTIONS, actionFilter } from './actions.js';

/** The action in words; a code this version does not know yet is shown as it is. */
function actionLabel(t: TFunction, code: string): string {
  const label = t(`audit:actions.${code}`, { defaultValue: '' });
  return typeof label === 'string' && label !== '' ? label : code;
}

function Subject({ event }: { event: AuditEventView }) {
  const { t } = useTranslation('audit');
  if (!event.subjectType) return <span>—</span>;
  const type = t(`subject.${event.subjectType}`, { defaultValue: event.subjectType });
  const to =
    event.subjectType === 'person'
      ? `/people/${event.subjectId}`
      : event.subjectType === 'institution'
        ? `/institutions/${event.subjectId}`
        : null;
  const text = event.subjectId === null ? type : `${type} #${event.subjectId}`;
  return to && event.subjectId !== null ? (
    <Anchor component={Link} to={to} size="sm">
      {text}
    </Anchor>
  ) : (
    <span>{text}</span>
  );
}

const hasChange = (e: AuditEventView) => (e.before ?? null) !== null || (e.after ?? null) !== null;

/** /audit — who did what, where and when, newest first, for administrators of the subtree. */
export default function AuditPage() {
  const { t } = useTranslation('audit');
  const locale = useLocale();
  const me = useCurrentMe();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const institutionId = Number(params.get('institutionId')) || undefined;
  const institution = useInstitutionDetail(institutionId ?? null);

  const [action, setAction] = useState(params.get('action') ?? '');
  const [debouncedAction] = useDebouncedValue(action, 400);
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());

  // Filters are mirrored into the URL so a search can be shared or revisited. The setter is read through a
  // ref: react-router hands out a new one after each navigation, and depending on it would loop.
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;
  useEffect(() => {
    const wanted = { action: debouncedAction.trim(), from, to };
    setParamsRef.current(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(wanted)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  }, [debouncedAction, from, to]);

  const rangeError = from && to && from > to ? t('filters.rangeError') : undefined;
  const filters: AuditFilters = {
    action: actionFilter(debouncedAction),
    from: from || undefined,
    to: rangeError ? undefined : to || undefined,
    institutionId,
  };
  const log = useAuditLog(filters, me.capabilities.readAudit);

  if (!me.capabilities.readAudit) return <NoAccess />;

  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filterBy = (id: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('institutionId', String(id));
      return next;
    });
  const clearInstitution = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('institutionId');
      return next;
    });

  const events = log.data?.pages.flatMap((p) => p.items) ?? [];
  const expandButton = (e: AuditEventView) =>
    hasChange(e) ? (
      <ActionIcon
        variant="subtle"
        onClick={() => toggle(e.id)}
        aria-expanded={open.has(e.id)}
        aria-label={open.has(e.id) ? t('table.hideChanges') : t('table.showChanges')}
        data-testid={`audit-expand-${e.id}`}
      >
        {open.has(e.id) ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
      </ActionIcon>
    ) : null;
  const institutionLink = (e: AuditEventView) => (
    <Anchor component="button" type="button" size="sm" onClick={() => filterBy(e.institutionId)}>
      #{e.institutionId}
    </Anchor>
  );

  return (
    <Stack gap="md">
      <Title order={2}>{t('title')}</Title>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput
            label={t('filters.action')}
            placeholder={t('filters.actionHint')}
            leftSection={<IconFilter size={16} />}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
            list="audit-action-codes"
            autoComplete="off"
            maxLength={100}
            data-testid="audit-action-filter"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <TextInput
            type="date"
            label={t('filters.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            data-testid="audit-from"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <TextInput
            type="date"
            label={t('filters.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={rangeError}
            data-testid="audit-to"
          />
        </Grid.Col>
      </Grid>
      <datalist id="audit-action-codes">
        {ACTION_GROUPS.map((g) => (
          <option key={g} value={g} label={t(`groups.${g}`, { defaultValue: g })} />
        ))}
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a} label={actionLabel(t, a)} />
        ))}
      </datalist>
      {institutionId !== undefined && (
        <Group>
          <Pill
            size="lg"
            withRemoveButton
            onRemove={clearInstitution}
            removeButtonProps={{ 'aria-label': t('filters.clearInstitution') }}
            data-testid="audit-institution-filter"
            style={{ maxWidth: '100%' }}
          >
            <Group gap={6} wrap="nowrap">
              <IconBuilding size={14} />
              <span>
                {institution.data
                  ? localName(institution.data, locale)
                  : t('filters.institutionNumber', { id: institutionId })}
              </span>
            </Group>
          </Pill>
        </Group>
      )}

      {log.isPending ? (
        <PageLoader />
      ) : log.error ? (
        <PageError error={log.error} onRetry={() => void log.refetch()} />
      ) : events.length === 0 ? (
        <EmptyPage title={t('empty')} text={t('emptyHint')} />
      ) : narrow ? (
        <Stack gap="xs">
          {events.map((e) => (
            <Card key={e.id} withBorder padding="sm" data-testid={`audit-row-${e.id}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600} size="sm">
                    {actionLabel(t, e.action)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(e.at, locale)} · {e.actorName ?? t('table.system')}
                  </Text>
                  <Text size="xs" c="dimmed" component="div">
                    <Group gap={6}>
                      <Subject event={e} />
                      <span>·</span>
                      {institutionLink(e)}
                      {e.ip && <span>· {e.ip}</span>}
                    </Group>
                  </Text>
                </Stack>
                {expandButton(e)}
              </Group>
              <Collapse expanded={open.has(e.id)}>
                <Stack mt="xs">{open.has(e.id) && <AuditDiff before={e.before} after={e.after} />}</Stack>
              </Collapse>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>{t('table.time')}</Table.Th>
                <Table.Th>{t('table.institution')}</Table.Th>
                <Table.Th>{t('table.actor')}</Table.Th>
                <Table.Th>{t('table.action')}</Table.Th>
                <Table.Th>{t('table.subject')}</Table.Th>
                <Table.Th>{t('table.ip')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Fragment key={e.id}>
                  <Table.Tr data-testid={`audit-row-${e.id}`}>
                    <Table.Td>{expandButton(e)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, locale)}</Table.Td>
                    <Table.Td>{institutionLink(e)}</Table.Td>
                    <Table.Td>{e.actorName ?? t('table.system')}</Table.Td>
                    <Table.Td>
                      <Stack gap={0}>
                        <Text size="sm">{actionLabel(t, e.action)}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {e.action}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Subject event={e} />
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {e.ip ?? '—'}
                    </Table.Td>
                  </Table.Tr>
                  {open.has(e.id) && (
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td colSpan={6}>
                        <AuditDiff before={e.before} after={e.after} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {log.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('loadMore')}
          </Button>
        </Group>
      )}
      {log.isFetching && !log.isFetchingNextPage && !log.isPending && (
        <Group justify="center">
          <Loader size="sm" />
        </Group>
      )}
    </Stack>
  );
}
