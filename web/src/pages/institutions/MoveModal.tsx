import { ALLOWED_CHILD_KINDS } from '@common/enums.js';
import type { Institution, InstitutionDetail } from '@common/schemas/institutions.js';
import { Alert, Button, Group, Loader, Modal, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheckFilled, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInstitutions, useMoveInstitution } from '../../api/institutions.js';
import { KindBadge } from '../../components/KindBadge.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';

/**
 * Moves a node under another parent found by searching the actor's scope. Parents that cannot hold this kind,
 * the node itself and its current parent are not offered; a move into its own branch is refused by the server.
 */
export function MoveModal({
  institution,
  opened,
  onClose,
}: {
  institution: InstitutionDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('institutions');
  const locale = useLocale();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [target, setTarget] = useState<Institution | null>(null);
  const search = useInstitutions({ q: debounced, limit: 50 }, { enabled: debounced.length > 0 });
  const move = useMoveInstitution(institution.id);

  const candidates = (debounced ? (search.data ?? []) : []).filter(
    (c) =>
      c.id !== institution.id &&
      c.id !== institution.parentId &&
      !c.closedAt &&
      ALLOWED_CHILD_KINDS[c.kind].includes(institution.kind),
  );

  const submit = () => {
    if (!target) return;
    move.mutate(target.id, {
      onSuccess: () => {
        notifySuccess(t('moved', { name: localName(institution, locale), parent: localName(target, locale) }));
        onClose();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('moveTitle', { name: localName(institution, locale) })} size="lg">
      <Stack>
        <TextInput
          label={t('move.search')}
          placeholder={t('searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={search.isFetching ? <Loader size="xs" /> : null}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="institution-move-search"
          data-autofocus
        />
        {!debounced && (
          <Text size="sm" c="dimmed">
            {t('move.hint')}
          </Text>
        )}
        {debounced && search.isSuccess && candidates.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('move.none')}
          </Text>
        )}
        <Stack gap={6} mah={320} style={{ overflowY: 'auto' }}>
          {candidates.map((c) => {
            const selected = target?.id === c.id;
            return (
              <UnstyledButton
                key={c.id}
                onClick={() => setTarget(c)}
                aria-pressed={selected}
                data-testid={`institution-move-option-${c.id}`}
              >
                <Paper
                  withBorder
                  radius="md"
                  px="md"
                  py="xs"
                  bg={selected ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ borderColor: selected ? 'var(--mantine-color-blue-filled)' : undefined }}
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                        {localName(c, locale)}
                      </Text>
                      <KindBadge kind={c.kind} size="xs" />
                    </Stack>
                    {selected && <IconCircleCheckFilled color="var(--mantine-color-blue-filled)" />}
                  </Group>
                </Paper>
              </UnstyledButton>
            );
          })}
        </Stack>
        {target && (
          <Alert color="blue" variant="light">
            {t('move.confirm', { name: localName(institution, locale), parent: localName(target, locale) })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={submit} disabled={!target} loading={move.isPending} data-testid="institution-move-submit">
            {t('move.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
