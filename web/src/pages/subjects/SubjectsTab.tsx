import { zSubjectCreate } from '@common/schemas/subjects.js';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconBooks, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Subject,
  useArchiveSubject,
  useCreateSubjects,
  useSubjectCatalogue,
  useSubjects,
  useUpdateSubject,
} from '../../api/subjects.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { EmptyPage, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';
import { localName } from '../../lib/localName.js';

/** Pick many catalogue subjects at once; those the school has already are not offered again. */
function CatalogueModal({ opened, onClose, have }: { opened: boolean; onClose: () => void; have: Set<string> }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const catalogue = useSubjectCatalogue(opened);
  const create = useCreateSubjects();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!opened) return;
    setSearch('');
    setChosen(new Set());
  }, [opened]);
  const term = search.trim().toLocaleLowerCase();
  const offered = (catalogue.data?.items ?? []).filter((c) => !have.has(c.code));
  const shown = term
    ? offered.filter((c) => [c.nameKk, c.nameRu, c.nameEn].some((n) => n.toLocaleLowerCase().includes(term)))
    : offered;
  const toggle = (code: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { catalogueCodes: [...chosen] },
      {
        onSuccess: (r) => {
          notifySuccess(t('subjects.added', { n: r.items.length }));
          onClose();
        },
        onError: notifyError,
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('subjects.catalogueTitle')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            aria-label={t('subjects.catalogueSearch')}
            placeholder={t('subjects.catalogueSearch')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="catalogue-search"
          />
          {catalogue.isPending ? (
            <PageLoader />
          ) : offered.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('subjects.allAdded')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
              <Stack gap={6} data-testid="catalogue-list">
                {shown.map((c) => (
                  <Checkbox
                    key={c.code}
                    label={localName(c, locale)}
                    checked={chosen.has(c.code)}
                    onChange={() => toggle(c.code)}
                    data-testid={`catalogue-${c.code}`}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          <Group justify="space-between">
            <Button
              variant="subtle"
              size="xs"
              onClick={() => setChosen(new Set(shown.map((c) => c.code)))}
              disabled={shown.length === 0}
            >
              {t('subjects.selectShown')}
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('form.cancel')}
              </Button>
              <Button
                type="submit"
                disabled={chosen.size === 0}
                loading={create.isPending}
                data-testid="catalogue-submit"
              >
                {t('subjects.addSelected', { n: chosen.size })}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A subject of the school's own (editing = any subject: its three names and external id). */
function SubjectModal({ subject, onClose }: { subject: Subject | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('classes');
  const create = useCreateSubjects();
  const update = useUpdateSubject();
  const [names, setNames] = useState({ nameKk: '', nameRu: '', nameEn: '', externalId: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (subject === null) return;
    setErrors({});
    setNames(
      subject === 'new'
        ? { nameKk: '', nameRu: '', nameEn: '', externalId: '' }
        : {
            nameKk: subject.nameKk,
            nameRu: subject.nameRu,
            nameEn: subject.nameEn,
            externalId: subject.externalId ?? '',
          },
    );
  }, [subject]);
  const body = {
    nameKk: names.nameKk,
    nameRu: names.nameRu,
    nameEn: names.nameEn,
    externalId: names.externalId.trim() || null,
  };
  const done = () => {
    notifySuccess(t('subjects.saved'));
    onClose();
  };
  const failed = (error: unknown) => {
    const fields = serverFieldErrors(error);
    setErrors(fields);
    if (Object.keys(fields).length === 0) notifyError(error);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = zSubjectCreate.safeParse(body);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error, t));
    if (subject === 'new') create.mutate(parsed.data, { onSuccess: done, onError: failed });
    else if (subject) update.mutate({ id: subject.id, ...body }, { onSuccess: done, onError: failed });
  };
  const field = (key: keyof typeof names, label: string) => (
    <TextInput
      label={label}
      value={names[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setNames((n) => ({ ...n, [key]: value }));
      }}
      error={errors[key]}
      required={key !== 'externalId'}
      data-testid={`subject-${key}`}
    />
  );
  return (
    <Modal
      opened={subject !== null}
      onClose={onClose}
      title={subject === 'new' ? t('subjects.addOwn') : t('subjects.edit')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {field('nameKk', t('subjects.nameKk'))}
          {field('nameRu', t('subjects.nameRu'))}
          {field('nameEn', t('subjects.nameEn'))}
          {field('externalId', t('subjects.externalId'))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="subject-submit">
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The school's subjects: add from the national catalogue (many at once) or its own; rename; archive. */
export function SubjectsTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation('classes');
  const locale = useLocale();
  const [showArchived, setShowArchived] = useState(false);
  const subjects = useSubjects(showArchived);
  const all = useSubjects(true, canManage);
  const archive = useArchiveSubject();
  const [catalogue, setCatalogue] = useState(false);
  const [editing, setEditing] = useState<Subject | 'new' | null>(null);
  // Archived catalogue subjects count as "had": adding them again brings them back instead.
  const have = new Set(
    (all.data?.items ?? [])
      .filter((s) => s.catalogueCode && s.archivedAt === null)
      .map((s) => s.catalogueCode as string),
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Switch
          label={t('subjects.showArchived')}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
          data-testid="subjects-show-archived"
        />
        {canManage && (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() => setEditing('new')}
              data-testid="subject-add-own"
            >
              {t('subjects.addOwn')}
            </Button>
            <Button
              leftSection={<IconBooks size={16} />}
              onClick={() => setCatalogue(true)}
              data-testid="subject-add-catalogue"
            >
              {t('subjects.addCatalogue')}
            </Button>
          </Group>
        )}
      </Group>
      {subjects.isPending ? (
        <PageLoader />
      ) : subjects.error ? (
        <PageError error={subjects.error} onRetry={() => void subjects.refetch()} />
      ) : subjects.data.items.length === 0 ? (
        <EmptyPage title={t('subjects.empty.title')} text={t('subjects.empty.text')} />
      ) : (
        <Card withBorder radius="md" padding="xs">
          <Stack gap={0} data-testid="subject-list">
            {subjects.data.items.map((s, i) => (
              <Group
                key={s.id}
                justify="space-between"
                gap="xs"
                wrap="nowrap"
                px="xs"
                py={6}
                style={{ borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined }}
                data-testid={`subject-${s.id}`}
              >
                <Group gap={6} style={{ minWidth: 0 }}>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {localName(s, locale)}
                  </Text>
                  {s.catalogueCode === null && (
                    <Badge size="xs" variant="light" color="grape" tt="none">
                      {t('subjects.own')}
                    </Badge>
                  )}
                  {s.archivedAt && (
                    <Badge size="xs" color="gray" tt="none">
                      {t('subjects.archived')}
                    </Badge>
                  )}
                </Group>
                {canManage && (
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('subjects.edit')}
                      onClick={() => setEditing(s)}
                      data-testid={`subject-edit-${s.id}`}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color={s.archivedAt ? 'teal' : 'gray'}
                      aria-label={s.archivedAt ? t('subjects.restore') : t('subjects.archive')}
                      loading={archive.isPending && archive.variables?.id === s.id}
                      onClick={() =>
                        archive.mutate(
                          { id: s.id, archived: !s.archivedAt },
                          {
                            onSuccess: () =>
                              notifySuccess(s.archivedAt ? t('subjects.restoredDone') : t('subjects.archivedDone')),
                            onError: notifyError,
                          },
                        )
                      }
                      data-testid={`subject-archive-${s.id}`}
                    >
                      {s.archivedAt ? <IconArrowBackUp size={16} /> : <IconArchive size={16} />}
                    </ActionIcon>
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        </Card>
      )}
      <CatalogueModal opened={catalogue} onClose={() => setCatalogue(false)} have={have} />
      <SubjectModal subject={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
