import { CHOOSABLE_END_REASONS, type EndReason, type Profile } from '@common/enums.js';
import { zMembershipEnd } from '@common/schemas/persons.js';
import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Membership, useEndMembership } from '../../api/persons.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { clientFieldErrors, type FieldErrors, serverFieldErrors } from './fieldErrors.js';
import { todayInKazakhstan } from './format.js';

/** The usual reason for each profile, preselected (the administrator can pick another). */
const LIKELY_REASON: Record<Profile, EndReason> = {
  student: 'end_of_study',
  parent: 'end_of_representation',
  school_employee: 'end_of_employment',
  district_employee: 'end_of_employment',
  regional_employee: 'end_of_employment',
  ministry_employee: 'end_of_employment',
};

export function EndMembershipModal({ membership, onClose }: { membership: Membership | null; onClose: () => void }) {
  const { t } = useTranslation(['persons', 'enums']);
  const locale = useLocale();
  const end = useEndMembership();
  const [reason, setReason] = useState<EndReason>('other');
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!membership) return;
    setReason(LIKELY_REASON[membership.profile]);
    setEndsOn(todayInKazakhstan());
    setErrors({});
  }, [membership]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!membership) return;
    const parsed = zMembershipEnd.safeParse({ reason, ...(endsOn ? { endsOn } : {}) });
    if (!parsed.success) {
      setErrors(clientFieldErrors(parsed.error, t));
      return;
    }
    end.mutate(
      { membershipId: membership.id, ...parsed.data },
      {
        onSuccess: () => {
          notifySuccess(t('persons:memberships.ended'));
          onClose();
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  };

  return (
    <Modal opened={membership !== null} onClose={onClose} title={t('persons:memberships.endTitle')} centered>
      {membership && (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {t(`enums:profile.${membership.profile}`)} ·{' '}
              {localName(
                {
                  nameKk: membership.institutionNameKk,
                  nameRu: membership.institutionNameRu,
                  nameEn: membership.institutionNameEn,
                },
                locale,
              )}
            </Text>
            <NativeSelect
              label={t('persons:fields.endReason')}
              required
              data={CHOOSABLE_END_REASONS.map((r) => ({ value: r, label: t(`enums:endReason.${r}`) }))}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as EndReason)}
              error={errors.reason}
              data-testid="end-reason"
            />
            <TextInput
              type="date"
              label={t('persons:fields.endsOn')}
              description={t('persons:memberships.endsOnHint')}
              value={endsOn}
              onChange={(e) => setEndsOn(e.currentTarget.value)}
              error={errors.endsOn}
              data-testid="end-date"
            />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                {t('persons:actions.cancel')}
              </Button>
              <Button type="submit" color="red" loading={end.isPending} data-testid="end-submit">
                {t('persons:memberships.end')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
