import { ALLOWED_CHILD_KINDS, type InstitutionKind } from '@common/enums.js';
import { type InstitutionDetail, zInstitutionCreate } from '@common/schemas/institutions.js';
import { Button, Group, Modal, NativeSelect, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateInstitution } from '../../api/institutions.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';
import { localName } from '../../lib/localName.js';
import { emptyNames, InstitutionFields, type NamesValue } from './InstitutionFields.js';

/** A new institution directly under `parent`; only the kinds the tree allows there are offered. */
export function AddChildModal({
  parent,
  opened,
  onClose,
}: {
  parent: InstitutionDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('institutions');
  const locale = useLocale();
  const kinds = ALLOWED_CHILD_KINDS[parent.kind];
  const [kind, setKind] = useState<InstitutionKind | undefined>(kinds[0]);
  const [names, setNames] = useState<NamesValue>(emptyNames);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateInstitution();

  const close = () => {
    setNames(emptyNames);
    setErrors({});
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = zInstitutionCreate.safeParse({
      parentId: parent.id,
      kind,
      nameKk: names.nameKk,
      nameRu: names.nameRu,
      nameEn: names.nameEn,
      code: names.code.trim() || undefined,
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        notifySuccess(t('added', { name: localName(created, locale) }));
        close();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('addTitle', { parent: localName(parent, locale) })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <NativeSelect
            label={t('form.kind')}
            data-testid="institution-kind"
            value={kind ?? ''}
            error={errors.kind}
            onChange={(e) => setKind(e.currentTarget.value as InstitutionKind)}
            data={kinds.map((k) => ({ value: k, label: t(`enums:kind.${k}`) }))}
          />
          <InstitutionFields value={names} onChange={setNames} errors={errors} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="institution-submit">
              {t('add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
