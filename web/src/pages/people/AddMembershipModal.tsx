import { AUTHORITY_PROFILES } from '@common/enums.js';
import { zMembershipInput } from '@common/schemas/persons.js';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { type PersonDetail, useAddMembership } from '../../api/persons.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { clientFieldErrors, type FieldErrors, serverFieldErrors } from './fieldErrors.js';
import { MembershipFields } from './MembershipFields.js';
import { emptyMembership, type InstitutionChoice, type MembershipDraft, membershipBody } from './membership.js';

interface Props {
  person: PersonDetail;
  opened: boolean;
  onClose: () => void;
}

/** Another membership for an existing person: offered are the admin's own institution and the person's. */
export function AddMembershipModal({ person, opened, onClose }: Props) {
  const { t } = useTranslation(['persons', 'errors']);
  const locale = useLocale();
  const me = useCurrentMe();
  const context = me.context;
  const add = useAddMembership(person.id);
  const [draft, setDraft] = useState<MembershipDraft>(() => emptyMembership(String(context?.institutionId ?? '')));
  const [errors, setErrors] = useState<FieldErrors>({});
  const onChange = useCallback((next: MembershipDraft) => setDraft(next), []);

  useEffect(() => {
    if (opened) {
      setDraft(emptyMembership(String(context?.institutionId ?? '')));
      setErrors({});
    }
  }, [opened, context?.institutionId]);

  const choices = useMemo<InstitutionChoice[]>(() => {
    const list: InstitutionChoice[] = [];
    if (context) {
      list.push({
        id: context.institutionId,
        kind: context.institutionKind,
        name: localName(context.institutionName, locale),
      });
    }
    for (const m of person.memberships) {
      if (list.some((c) => c.id === m.institutionId)) continue;
      list.push({
        id: m.institutionId,
        kind: m.institutionKind,
        name: localName(
          { nameKk: m.institutionNameKk, nameRu: m.institutionNameRu, nameEn: m.institutionNameEn },
          locale,
        ),
      });
    }
    return list;
  }, [context, person.memberships, locale]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.institutionId === '' || draft.profile === '') {
      setErrors({
        ...(draft.institutionId === '' ? { institutionId: t('errors:validation.required') } : {}),
        ...(draft.profile === '' ? { profile: t('errors:validation.required') } : {}),
      });
      return;
    }
    const parsed = zMembershipInput.safeParse(membershipBody(draft));
    if (!parsed.success) {
      setErrors(clientFieldErrors(parsed.error, t));
      return;
    }
    add.mutate(parsed.data, {
      onSuccess: () => {
        notifySuccess(t('persons:memberships.added'));
        onClose();
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const canSearchSchools = !!context && context.isAdmin && AUTHORITY_PROFILES.includes(context.profile);
  return (
    <Modal opened={opened} onClose={onClose} title={t('persons:memberships.addTitle')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <MembershipFields
            value={draft}
            onChange={onChange}
            choices={choices}
            canSearchSchools={canSearchSchools}
            errors={errors}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('persons:actions.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="membership-submit">
              {t('persons:memberships.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
