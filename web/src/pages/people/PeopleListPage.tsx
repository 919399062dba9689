import { PROFILES, type Profile } from '@common/enums.js';
import type { PersonSummary } from '@common/schemas/persons.js';
import {
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  Pill,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconBuilding, IconSearch, IconUserPlus, IconUsersPlus } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { usePersons } from '../../api/persons.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { formatDate, fullName } from './format.js';
import { useInstitutionDetail } from './institutionLookup.js';

const PAGE_SIZE = 50;
const isProfile = (v: string | null): v is Profile => (PROFILES as readonly (string | null)[]).includes(v);

function ProfileBadges({ profiles }: { profiles: readonly Profile[] }) {
  const { t } = useTranslation('enums');
  return (
    <Group gap={4}>
      {profiles.map((p) => (
        <Badge key={p} variant="light" size="sm" radius="sm" tt="none">
          {t(`profile.${p}`)}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * /people — everyone in the caller's scope. Filters live in the URL (?q=&profile=&institutionId=&includeEnded=
 * &page=), so a filtered list can be bookmarked and "back" returns to it.
 */
export default function PeopleListPage() {
  const { t } = useTranslation(['persons', 'enums', 'credentials']);
  const locale = useLocale();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();

  const q = params.get('q') ?? '';
  const profileParam = params.get('profile');
  const profile = isProfile(profileParam) ? profileParam : undefined;
  const institutionId = Number(params.get('institutionId')) || undefined;
  const includeEnded = params.get('includeEnded') === '1';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        // Any filter change starts again at the first page.
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );

  // The search box is typed into freely; the URL (and the query) follow once typing pauses. The effect reads
  // the latest q and updater through a ref: react-router gives a new setter after every navigation, and
  // depending on it would navigate again and again.
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search, 350);
  const latest = useRef({ q, update });
  latest.current = { q, update };
  useEffect(() => {
    const term = debounced.trim();
    if (term !== latest.current.q) latest.current.update({ q: term || undefined });
  }, [debounced]);
  // A q changed from outside (the nav link, "back") shows in the box too.
  useEffect(() => {
    setSearch((typed) => (typed.trim() === q ? typed : q));
  }, [q]);

  const institution = useInstitutionDetail(institutionId ?? null);
  const list = usePersons(
    { q: q || undefined, profile, institutionId, includeEnded, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    me.capabilities.listPeople,
  );

  if (!me.capabilities.listPeople) return <NoAccess />;

  const addTo = institutionId ?? me.context?.institutionId;
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  const open = (p: PersonSummary) => navigate(`/people/${p.id}`);

  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={2}>{t('persons:list.title')}</Title>
        {me.capabilities.managePeople && addTo !== undefined && (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconUsersPlus size={18} />}
              onClick={() => navigate(`/people/bulk?institutionId=${addTo}`)}
              data-testid="bulk-add-button"
            >
              {t('credentials:bulk.add')}
            </Button>
            <Button
              leftSection={<IconUserPlus size={18} />}
              onClick={() => navigate(`/people/new?institutionId=${addTo}`)}
              data-testid="add-person-button"
            >
              {t('persons:list.add')}
            </Button>
          </Group>
        )}
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          aria-label={t('persons:list.search')}
          placeholder={t('persons:list.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={list.isFetching ? <Loader size={14} /> : null}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="people-search"
        />
        <NativeSelect
          aria-label={t('persons:fields.profile')}
          data={[
            { value: '', label: t('persons:list.allProfiles') },
            ...PROFILES.map((p) => ({ value: p, label: t(`enums:profile.${p}`) })),
          ]}
          value={profile ?? ''}
          onChange={(e) => update({ profile: e.currentTarget.value || undefined })}
          data-testid="people-profile-filter"
        />
      </SimpleGrid>
      <Group gap="sm" justify="space-between">
        {institutionId !== undefined ? (
          <Pill
            size="lg"
            withRemoveButton
            onRemove={() => update({ institutionId: undefined })}
            removeButtonProps={{ 'aria-label': t('persons:list.clearInstitution') }}
            data-testid="people-institution-filter"
            style={{ maxWidth: '100%' }}
          >
            <Group gap={6} wrap="nowrap">
              <IconBuilding size={14} />
              <span>
                {institution.data
                  ? localName(institution.data, locale)
                  : t('persons:list.institutionNumber', { id: institutionId })}
              </span>
            </Group>
          </Pill>
        ) : (
          <span />
        )}
        <Switch
          label={t('persons:list.includeEnded')}
          checked={includeEnded}
          onChange={(e) => update({ includeEnded: e.currentTarget.checked ? '1' : undefined })}
          data-testid="people-include-ended"
        />
      </Group>

      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <PageError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyPage title={t('persons:list.empty')} text={t('persons:list.emptyHint')} />
      ) : narrow ? (
        <Stack gap="xs">
          {items.map((p) => (
            <Card
              key={p.id}
              withBorder
              padding="sm"
              component="button"
              type="button"
              onClick={() => open(p)}
              style={{ textAlign: 'start', cursor: 'pointer' }}
              data-testid={`person-row-${p.id}`}
            >
              <Text fw={600}>{fullName(p)}</Text>
              <Text size="sm" c="dimmed">
                {formatDate(p.birthDate, locale)}
                {p.iin ? ` · ${t('persons:fields.iin')} ${p.iin}` : ''}
              </Text>
              {p.profiles.length > 0 && (
                <Group mt={6}>
                  <ProfileBadges profiles={p.profiles} />
                </Group>
              )}
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('persons:fields.surname')}</Table.Th>
                <Table.Th>{t('persons:fields.firstName')}</Table.Th>
                <Table.Th>{t('persons:fields.patronymic')}</Table.Th>
                <Table.Th>{t('persons:fields.birthDate')}</Table.Th>
                <Table.Th>{t('persons:fields.profiles')}</Table.Th>
                <Table.Th>{t('persons:fields.iin')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr
                  key={p.id}
                  onClick={() => open(p)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') open(p);
                  }}
                  tabIndex={0}
                  style={{ cursor: 'pointer' }}
                  data-testid={`person-row-${p.id}`}
                >
                  <Table.Td fw={500}>{p.surname}</Table.Td>
                  <Table.Td>{p.firstName}</Table.Td>
                  <Table.Td>{p.patronymic}</Table.Td>
                  <Table.Td>{formatDate(p.birthDate, locale)}</Table.Td>
                  <Table.Td>
                    <ProfileBadges profiles={p.profiles} />
                  </Table.Td>
                  <Table.Td ff="monospace">{p.iin ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {list.data && list.data.total > 0 && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {t('persons:list.total', { count: list.data.total })}
          </Text>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={(p) => update({ page: p > 1 ? String(p) : undefined })}
              size="sm"
              siblings={narrow ? 0 : 1}
            />
          )}
        </Group>
      )}
    </Stack>
  );
}
