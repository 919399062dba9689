import { AUTHORITY_PROFILES, GENDERS, type Gender } from '@common/enums.js';
import { parseIin } from '@common/iin.js';
import { zPersonCreate } from '@common/schemas/persons.js';
import {
  Anchor,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { type PersonCreate, type PersonCreated, useCreatePerson } from '../../api/persons.js';
import { NoAccess } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { CredentialsModal } from './CredentialsModal.js';
import { clientFieldErrors, errorsUnder, type FieldErrors, serverFieldErrors } from './fieldErrors.js';
import { fullName } from './format.js';
import { useInstitutionDetail } from './institutionLookup.js';
import { MembershipFields } from './MembershipFields.js';
import { emptyMembership, type InstitutionChoice, type MembershipDraft, membershipBody } from './membership.js';

interface PersonDraft {
  surname: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  gender: Gender | '';
  iin: string;
  email: string;
  phone: string;
}

const EMPTY: PersonDraft = {
  surname: '',
  firstName: '',
  patronymic: '',
  birthDate: '',
  gender: '',
  iin: '',
  email: '',
  phone: '',
};

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** /people/new?institutionId= — a new person with their first membership, then the one-time credentials. */
export default function AddPersonPage() {
  const { t } = useTranslation(['persons', 'enums', 'errors']);
  const locale = useLocale();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const paramId = Number(params.get('institutionId')) || null;
  const context = me.context;

  const target = useInstitutionDetail(paramId !== null && paramId !== context?.institutionId ? paramId : null);
  const choices = useMemo<InstitutionChoice[]>(() => {
    const list: InstitutionChoice[] = [];
    if (target.data && target.data.closedAt === null) {
      list.push({ id: target.data.id, kind: target.data.kind, name: localName(target.data, locale) });
    }
    if (context) {
      list.push({
        id: context.institutionId,
        kind: context.institutionKind,
        name: localName(context.institutionName, locale),
      });
    }
    return list;
  }, [target.data, context, locale]);

  const [person, setPerson] = useState<PersonDraft>(EMPTY);
  const [membership, setMembership] = useState<MembershipDraft>(() =>
    emptyMembership(String(paramId ?? context?.institutionId ?? '')),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<PersonCreated | null>(null);
  const create = useCreatePerson();
  const onMembershipChange = useCallback((next: MembershipDraft) => setMembership(next), []);

  if (!me.capabilities.managePeople || !context) return <NoAccess />;
  const canSearchSchools = context.isAdmin && AUTHORITY_PROFILES.includes(context.profile);

  const set = <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) => {
    setPerson((p) => ({ ...p, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  // The IIN encodes birth date and sex; the server refuses a mismatch, so a valid IIN fills both in.
  const iinDigits = person.iin.trim();
  const iinInfo = iinDigits.length === 12 ? parseIin(iinDigits) : null;
  const iinError =
    iinDigits === ''
      ? undefined
      : !/^\d*$/.test(iinDigits)
        ? t('persons:form.iinDigits')
        : iinDigits.length === 12 && !iinInfo
          ? t('errors:validation.iin')
          : undefined;
  const onIin = (value: string) => {
    const info = value.trim().length === 12 ? parseIin(value.trim()) : null;
    setPerson((p) =>
      info ? { ...p, iin: value, birthDate: info.birthDate, gender: info.gender } : { ...p, iin: value },
    );
    setErrors((e) => ({ ...e, iin: undefined, ...(info ? { birthDate: undefined, gender: undefined } : {}) }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: PersonCreate = {
      surname: person.surname,
      firstName: person.firstName,
      patronymic: orNull(person.patronymic),
      birthDate: person.birthDate,
      gender: person.gender as Gender,
      iin: orNull(person.iin),
      email: orNull(person.email),
      phone: orNull(person.phone),
      membership: membershipBody(membership),
    };
    const parsed = zPersonCreate.safeParse(body);
    const required: FieldErrors = {
      ...(person.gender === '' ? { gender: t('errors:validation.required') } : {}),
      ...(membership.institutionId === '' ? { 'membership.institutionId': t('errors:validation.required') } : {}),
      ...(membership.profile === '' ? { 'membership.profile': t('errors:validation.required') } : {}),
    };
    if (!parsed.success || Object.keys(required).length > 0) {
      setErrors({ ...(parsed.success ? {} : clientFieldErrors(parsed.error, t)), ...required });
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (result) => setCreated(result),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('persons:list.title')}
        </Group>
      </Anchor>
      <Title order={2}>{t('persons:add.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Fieldset legend={t('persons:add.personLegend')}>
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput
                  label={t('persons:fields.surname')}
                  required
                  value={person.surname}
                  onChange={(e) => set('surname', e.currentTarget.value)}
                  error={errors.surname}
                  maxLength={100}
                  autoComplete="off"
                  data-testid="person-surname"
                />
                <TextInput
                  label={t('persons:fields.firstName')}
                  required
                  value={person.firstName}
                  onChange={(e) => set('firstName', e.currentTarget.value)}
                  error={errors.firstName}
                  maxLength={100}
                  autoComplete="off"
                  data-testid="person-first-name"
                />
                <TextInput
                  label={t('persons:fields.patronymic')}
                  value={person.patronymic}
                  onChange={(e) => set('patronymic', e.currentTarget.value)}
                  error={errors.patronymic}
                  maxLength={100}
                  autoComplete="off"
                  data-testid="person-patronymic"
                />
              </SimpleGrid>
              <TextInput
                label={t('persons:fields.iin')}
                description={iinInfo ? t('persons:form.iinFilled') : t('persons:form.iinHint')}
                value={person.iin}
                onChange={(e) => onIin(e.currentTarget.value)}
                error={errors.iin ?? iinError}
                inputMode="numeric"
                maxLength={12}
                autoComplete="off"
                data-testid="person-iin"
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  type="date"
                  label={t('persons:fields.birthDate')}
                  required
                  value={person.birthDate}
                  onChange={(e) => set('birthDate', e.currentTarget.value)}
                  error={errors.birthDate}
                  data-testid="person-birth-date"
                />
                <NativeSelect
                  label={t('persons:fields.gender')}
                  required
                  data={[
                    { value: '', label: t('persons:form.choose'), disabled: true },
                    ...GENDERS.map((g) => ({ value: g, label: t(`enums:gender.${g}`) })),
                  ]}
                  value={person.gender}
                  onChange={(e) => set('gender', e.currentTarget.value as Gender)}
                  error={errors.gender}
                  data-testid="person-gender"
                />
                <TextInput
                  type="email"
                  label={t('persons:fields.email')}
                  value={person.email}
                  onChange={(e) => set('email', e.currentTarget.value)}
                  error={errors.email}
                  maxLength={254}
                  autoComplete="off"
                  data-testid="person-email"
                />
                <TextInput
                  type="tel"
                  label={t('persons:fields.phone')}
                  value={person.phone}
                  onChange={(e) => set('phone', e.currentTarget.value)}
                  error={errors.phone}
                  maxLength={32}
                  autoComplete="off"
                  data-testid="person-phone"
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <Fieldset legend={t('persons:add.membershipLegend')}>
            <MembershipFields
              value={membership}
              onChange={onMembershipChange}
              choices={choices}
              canSearchSchools={canSearchSchools}
              errors={errorsUnder(errors, 'membership')}
            />
          </Fieldset>
          {errors.membership && (
            <Text c="red" size="sm">
              {errors.membership}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/people">
              {t('persons:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="person-submit">
              {t('persons:add.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <CredentialsModal
        credentials={created?.credentials ?? null}
        personName={created ? fullName(created.person) : ''}
        personId={created?.person.id ?? null}
        onDone={() => {
          if (created) navigate(`/people/${created.person.id}`);
          setCreated(null);
        }}
      />
    </Stack>
  );
}
