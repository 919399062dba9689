import { RELATIONS, type Relation } from '@common/enums.js';
import { Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLinkParent } from '../../api/guardianships.js';
import { usePersons } from '../../api/persons.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { formatDate, fullName } from './format.js';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The student being linked and the school the link belongs to. */
  childPersonId: number;
  schoolId: number;
  /** Parents already linked: not offered again. */
  linkedParentIds: readonly number[];
}

/** Links a parent of the same school to a student (the school administrator's job, agreement 1.14). */
export function LinkParentModal({ opened, onClose, childPersonId, schoolId, linkedParentIds }: Props) {
  const { t } = useTranslation(['persons', 'enums', 'errors']);
  const locale = useLocale();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [parentId, setParentId] = useState('');
  const [relation, setRelation] = useState<Relation>('mother');
  const [error, setError] = useState<string | undefined>();
  const parents = usePersons({ institutionId: schoolId, profile: 'parent', q: q || undefined, limit: 200 }, opened);
  const link = useLinkParent();

  const candidates = (parents.data?.items ?? []).filter(
    (p) => p.id !== childPersonId && !linkedParentIds.includes(p.id),
  );

  // A parent filtered out by a new search is no longer chosen (the select could not show it).
  const chosen = candidates.some((p) => String(p.id) === parentId) ? parentId : '';

  const close = () => {
    setSearch('');
    setParentId('');
    setRelation('mother');
    setError(undefined);
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setError(t('errors:validation.required'));
      return;
    }
    link.mutate(
      { institutionId: schoolId, parentPersonId: Number(chosen), childPersonId, relation },
      {
        onSuccess: () => {
          notifySuccess(t('persons:relatives.linked'));
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('persons:relatives.linkTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('persons:relatives.findParent')}
            leftSection={<IconSearch size={16} />}
            rightSection={parents.isFetching ? <Loader size={14} /> : null}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="link-parent-search"
          />
          <NativeSelect
            label={t('persons:relatives.parent')}
            required
            data={[
              { value: '', label: t('persons:form.choose'), disabled: true },
              ...candidates.map((p) => ({
                value: String(p.id),
                label: `${fullName(p)} (${formatDate(p.birthDate, locale)})`,
              })),
            ]}
            value={chosen}
            onChange={(e) => {
              setParentId(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            data-testid="link-parent-select"
          />
          {parents.data && candidates.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('persons:relatives.noCandidates')}
            </Text>
          )}
          <NativeSelect
            label={t('persons:relatives.relation')}
            required
            data={RELATIONS.map((r) => ({ value: r, label: t(`enums:relation.${r}`) }))}
            value={relation}
            onChange={(e) => setRelation(e.currentTarget.value as Relation)}
            data-testid="link-relation"
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              {t('persons:actions.cancel')}
            </Button>
            <Button type="submit" loading={link.isPending} data-testid="link-submit">
              {t('persons:relatives.link')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
