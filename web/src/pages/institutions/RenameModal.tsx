import { type InstitutionDetail, zInstitutionUpdate } from '@common/schemas/institutions.js';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateInstitution } from '../../api/institutions.js';
import { notifySuccess } from '../../components/notify.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';
import { InstitutionFields, type NamesValue } from './InstitutionFields.js';

const namesOf = (i: InstitutionDetail): NamesValue => ({
  nameKk: i.nameKk,
  nameRu: i.nameRu,
  nameEn: i.nameEn,
  code: i.code ?? '',
});

/** Edits the names and code; only what changed is sent (the audit log then shows just that). */
export function RenameModal({
  institution,
  opened,
  onClose,
}: {
  institution: InstitutionDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('institutions');
  const [names, setNames] = useState<NamesValue>(() => namesOf(institution));
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useUpdateInstitution(institution.id);

  const original = namesOf(institution);
  const changes: Record<string, string | null> = {};
  for (const key of ['nameKk', 'nameRu', 'nameEn'] as const) {
    if (names[key].trim() !== original[key]) changes[key] = names[key];
  }
  if (names.code.trim() !== original.code) changes.code = names.code.trim() || null;
  const changed = Object.keys(changes).length > 0;

  const close = () => {
    setNames(namesOf(institution));
    setErrors({});
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return close();
    const parsed = zInstitutionUpdate.safeParse(changes);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    update.mutate(parsed.data, {
      onSuccess: () => {
        notifySuccess(t('saved'));
        onClose();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('renameTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <InstitutionFields value={names} onChange={setNames} errors={errors} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!changed} data-testid="institution-submit">
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
