import { SCHOOL_ROLES, type SchoolRole } from '@common/enums.js';
import { Checkbox, Group, NativeSelect, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import type { FieldErrors } from './fieldErrors.js';
import { useSchoolSearch } from './institutionLookup.js';
import { type InstitutionChoice, isStaffProfile, type MembershipDraft, PROFILES_BY_KIND } from './membership.js';

interface Props {
  value: MembershipDraft;
  onChange: (next: MembershipDraft) => void;
  /** Institutions offered without searching (the page's institution, the admin's own). */
  choices: InstitutionChoice[];
  /** Authority administrators may also look up any school of their scope. */
  canSearchSchools: boolean;
  errors: FieldErrors;
}

/**
 * Where and as what a person belongs: institution, a profile that fits its kind, and for staff the roles,
 * administrator flag and position. Used by the add-person form and the add-membership dialog.
 */
export function MembershipFields({ value, onChange, choices, canSearchSchools, errors }: Props) {
  const { t } = useTranslation(['persons', 'enums']);
  const locale = useLocale();
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search, 300);
  const found = useSchoolSearch(term, canSearchSchools);
  // Schools picked from earlier searches stay selectable after the search text changes.
  const [remembered, setRemembered] = useState<InstitutionChoice[]>([]);

  const results = useMemo<InstitutionChoice[]>(
    () =>
      (found.data ?? [])
        .filter((i) => i.closedAt === null)
        .map((i) => ({ id: i.id, kind: i.kind, name: localName(i, locale) })),
    [found.data, locale],
  );

  const all = useMemo(() => {
    const byId = new Map<number, InstitutionChoice>();
    for (const c of [...choices, ...remembered, ...results]) if (!byId.has(c.id)) byId.set(c.id, c);
    return byId;
  }, [choices, remembered, results]);

  const selected = all.get(Number(value.institutionId)) ?? null;
  const allowedProfiles = selected ? PROFILES_BY_KIND[selected.kind] : [];

  // A profile that does not fit the chosen institution is replaced by the first one that does.
  useEffect(() => {
    if (!selected) return;
    const fits = PROFILES_BY_KIND[selected.kind];
    if (value.profile === '' || !fits.includes(value.profile)) {
      const first = fits[0];
      if (first) onChange({ ...value, profile: first });
    }
  }, [selected, value, onChange]);

  const pickInstitution = (id: string) => {
    const choice = all.get(Number(id));
    if (choice && !choices.some((c) => c.id === choice.id)) {
      setRemembered((list) => (list.some((c) => c.id === choice.id) ? list : [...list, choice]));
    }
    onChange({ ...value, institutionId: id });
  };

  const fixed = [...choices, ...remembered.filter((r) => !choices.some((c) => c.id === r.id))];
  const extra = results.filter((r) => !fixed.some((c) => c.id === r.id));
  const option = (c: InstitutionChoice) => ({ value: String(c.id), label: `${c.name} (${t(`enums:kind.${c.kind}`)})` });
  const institutionData = [
    ...(selected ? [] : [{ value: '', label: t('persons:form.chooseInstitution'), disabled: true }]),
    ...fixed.map(option),
    ...(extra.length > 0 ? [{ group: t('persons:form.searchResults'), items: extra.map(option) }] : []),
  ];

  const staff = isStaffProfile(value.profile);
  const searching = canSearchSchools && term.trim().length >= 2;

  return (
    <Stack gap="sm">
      {canSearchSchools && (
        <TextInput
          label={t('persons:form.findSchool')}
          description={t('persons:form.findSchoolHint')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="membership-school-search"
        />
      )}
      {searching && !found.isFetching && found.data && (
        <Text size="xs" c="dimmed">
          {results.length > 0
            ? t('persons:form.schoolsFound', { count: results.length })
            : t('persons:form.noSchoolsFound')}
        </Text>
      )}
      <NativeSelect
        label={t('persons:fields.institution')}
        required
        data={institutionData}
        value={value.institutionId}
        onChange={(e) => pickInstitution(e.currentTarget.value)}
        error={errors.institutionId}
        data-testid="membership-institution"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NativeSelect
          label={t('persons:fields.profile')}
          required
          disabled={!selected}
          data={allowedProfiles.map((p) => ({ value: p, label: t(`enums:profile.${p}`) }))}
          value={value.profile}
          onChange={(e) => onChange({ ...value, profile: e.currentTarget.value as MembershipDraft['profile'] })}
          error={errors.profile}
          data-testid="membership-profile"
        />
        <TextInput
          type="date"
          label={t('persons:fields.startsOn')}
          description={t('persons:form.startsOnHint')}
          value={value.startsOn}
          onChange={(e) => onChange({ ...value, startsOn: e.currentTarget.value })}
          error={errors.startsOn}
          data-testid="membership-starts-on"
        />
      </SimpleGrid>
      {value.profile === 'school_employee' && (
        <Checkbox.Group
          label={t('persons:fields.roles')}
          value={value.roles}
          onChange={(roles) => onChange({ ...value, roles: roles as SchoolRole[] })}
          error={errors.roles}
        >
          <Group gap="md" mt={6}>
            {SCHOOL_ROLES.map((r) => (
              <Checkbox key={r} value={r} label={t(`enums:role.${r}`)} data-testid={`membership-role-${r}`} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      {staff && (
        <>
          <TextInput
            label={t('persons:fields.position')}
            value={value.position}
            onChange={(e) => onChange({ ...value, position: e.currentTarget.value })}
            error={errors.position}
            maxLength={200}
            data-testid="membership-position"
          />
          <Switch
            label={t('persons:fields.isAdmin')}
            description={t('persons:form.isAdminHint')}
            checked={value.isAdmin}
            onChange={(e) => onChange({ ...value, isAdmin: e.currentTarget.checked })}
            error={errors.isAdmin}
            data-testid="membership-admin"
          />
        </>
      )}
    </Stack>
  );
}
