import { ALLOWED_CHILD_KINDS } from '@common/enums.js';
import type { InstitutionDetail } from '@common/schemas/institutions.js';
import { CloseButton, Group, Loader, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInstitutions } from '../../api/institutions.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { InstitutionList } from './InstitutionList.js';

/** The children of the node, or — while something is typed — search hits from the whole scope. */
export function InstitutionContents({ node }: { node: InstitutionDetail }) {
  const { t } = useTranslation('institutions');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [showClosed, setShowClosed] = useState(false);
  const includeClosed = showClosed ? (true as const) : undefined;
  const searching = debounced.length > 0;

  const children = useInstitutions({ parentId: node.id, includeClosed }, { enabled: !searching });
  const hits = useInstitutions({ q: debounced, includeClosed, limit: 100 }, { enabled: searching });
  const list = searching ? hits : children;
  // A school holds no institutions: no ever-empty "inside" list under it, only the search.
  const showList = searching || ALLOWED_CHILD_KINDS[node.kind].length > 0 || (children.data?.length ?? 0) > 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          placeholder={t('searchPlaceholder')}
          aria-label={t('search')}
          leftSection={<IconSearch size={16} />}
          rightSection={
            list.isFetching ? (
              <Loader size="xs" />
            ) : q ? (
              <CloseButton size="sm" onClick={() => setQ('')} aria-label={t('clearSearch')} />
            ) : null
          }
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="institution-search"
          style={{ flex: '1 1 260px' }}
        />
        <Switch
          label={t('showClosed')}
          checked={showClosed}
          onChange={(e) => setShowClosed(e.currentTarget.checked)}
          data-testid="institution-show-closed"
        />
      </Group>

      {showList && (
        <>
          <Title order={4}>{searching ? t('searchResults') : t('inside')}</Title>
          {list.isPending ? (
            <PageLoader />
          ) : list.isError ? (
            <PageError error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.length === 0 ? (
            <Text c="dimmed" py="md" data-testid="institution-list-empty">
              {searching ? t('nothingFound') : t('noChildren')}
            </Text>
          ) : (
            <InstitutionList items={list.data} />
          )}
        </>
      )}
    </Stack>
  );
}
