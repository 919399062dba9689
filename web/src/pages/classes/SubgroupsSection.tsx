import type { Subgroup } from '@common/schemas/classes.js';
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
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClassDetail, useCreateSubgroup, useDeleteSubgroup, useUpdateSubgroup } from '../../api/classes.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { ConfirmModal } from '../people/ConfirmModal.js';
import { fullName } from '../people/format.js';

/** Create (group = 'new') or edit a sub-group: its name and which of the class's students are in it. */
function SubgroupModal({
  cls,
  group,
  onClose,
}: {
  cls: ClassDetail;
  group: Subgroup | 'new' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('classes');
  const create = useCreateSubgroup(cls.id);
  const update = useUpdateSubgroup();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Set<number>>(new Set());
  useEffect(() => {
    if (group === null) return;
    setName(group === 'new' ? '' : group.name);
    setMembers(new Set(group === 'new' ? [] : group.members.map((m) => m.personId)));
  }, [group]);
  const toggle = (id: number) =>
    setMembers((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const done = () => {
    notifySuccess(t('subgroups.saved'));
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), personIds: [...members] };
    if (group === 'new') create.mutate(body, { onSuccess: done, onError: notifyError });
    else if (group) update.mutate({ id: group.id, ...body }, { onSuccess: done, onError: notifyError });
  };
  return (
    <Modal
      opened={group !== null}
      onClose={onClose}
      title={group === 'new' ? t('subgroups.add') : t('subgroups.edit')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('subgroups.name')}
            placeholder={t('subgroups.namePlaceholder')}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-testid="subgroup-name"
          />
          <Text size="sm" fw={500}>
            {t('subgroups.members', { n: members.size })}
          </Text>
          <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars>
            <Stack gap={6}>
              {cls.roster
                .filter((r) => r.endsOn === null)
                .map((r) => (
                  <Checkbox
                    key={r.personId}
                    label={fullName(r)}
                    checked={members.has(r.personId)}
                    onChange={() => toggle(r.personId)}
                    data-testid={`subgroup-member-${r.personId}`}
                  />
                ))}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button
              type="submit"
              disabled={!name.trim()}
              loading={create.isPending || update.isPending}
              data-testid="subgroup-submit"
            >
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Parts of the class taught separately (the two halves for a language or informatics). */
export function SubgroupsSection({ cls, canManage }: { cls: ClassDetail; canManage: boolean }) {
  const { t } = useTranslation('classes');
  const remove = useDeleteSubgroup();
  const [editing, setEditing] = useState<Subgroup | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Subgroup | null>(null);
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Stack gap={0}>
            <Title order={4}>{t('subgroups.title')}</Title>
            <Text size="xs" c="dimmed">
              {t('subgroups.intro')}
            </Text>
          </Stack>
          {canManage && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setEditing('new')}
              data-testid="subgroup-add"
            >
              {t('subgroups.add')}
            </Button>
          )}
        </Group>
        {cls.subgroups.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('subgroups.empty')}
          </Text>
        )}
        {cls.subgroups.map((g) => (
          <Stack key={g.id} gap={4} data-testid={`subgroup-${g.id}`}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs">
                <Text fw={600}>{g.name}</Text>
                <Text size="xs" c="dimmed">
                  {t('subgroups.count', { n: g.members.length })}
                </Text>
                {g.assignmentCount > 0 && (
                  <Badge size="xs" variant="light" tt="none">
                    {t('subgroups.inUse', { n: g.assignmentCount })}
                  </Badge>
                )}
              </Group>
              {canManage && (
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('subgroups.edit')}
                    onClick={() => setEditing(g)}
                    data-testid={`subgroup-edit-${g.id}`}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('subgroups.delete')}
                    onClick={() => setDeleting(g)}
                    data-testid={`subgroup-delete-${g.id}`}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
            <Group gap={4}>
              {g.members.map((m) => (
                <Badge key={m.personId} variant="outline" color="gray" tt="none" fw={400}>
                  {fullName(m)}
                </Badge>
              ))}
            </Group>
          </Stack>
        ))}
      </Stack>
      <SubgroupModal cls={cls} group={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('subgroups.delete')}
        text={t('subgroups.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('subgroups.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(t('subgroups.deleted'));
              setDeleting(null);
            },
            onError: notifyError,
          })
        }
      />
    </Card>
  );
}
