import { type InstitutionDetail, zInstitutionClose } from '@common/schemas/institutions.js';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCloseInstitution } from '../../api/institutions.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { type FieldErrors, serverFieldErrors, zodFieldErrors } from '../../lib/formErrors.js';
import { localName } from '../../lib/localName.js';

/** Closing keeps the institution and its history; the server refuses while anything open remains inside. */
export function CloseModal({
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
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const close = useCloseInstitution(institution.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = zInstitutionClose.safeParse({ reason });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    close.mutate(parsed.data, {
      onSuccess: () => {
        notifySuccess(t('closedDone', { name: localName(institution, locale) }));
        onClose();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('closeTitle', { name: localName(institution, locale) })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('closeWarning')}</Text>
          <Textarea
            label={t('form.reason')}
            required
            autosize
            minRows={2}
            maxRows={6}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="institution-close-reason"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={close.isPending} data-testid="institution-close-submit">
              {t('close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
