import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconKey } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { type Credentials, usePerson, useResetPassword } from '../../api/persons.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { ApiError } from '../../lib/apiError.js';
import { DeletePersonButton } from '../deletion/DeletePersonButton.js';
import { EndSessionsButton } from '../sessions/EndSessionsButton.js';
import { ConfirmModal } from './ConfirmModal.js';
import { CredentialsModal } from './CredentialsModal.js';
import { formatDate, fullName } from './format.js';
import { isActive, MembershipsSection } from './MembershipsSection.js';
import { RelativesSection } from './RelativesSection.js';

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

/** /people/:id — who the person is, where they belong, and their parents or children. */
export default function PersonPage() {
  const { t } = useTranslation(['persons', 'enums']);
  const locale = useLocale();
  const me = useCurrentMe();
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const query = usePerson(valid ? id : null);
  const reset = useResetPassword(valid ? id : 0);
  const [confirmReset, setConfirmReset] = useState(false);
  const [credentials, setCredentials] = useState<Credentials | null>(null);

  if (!valid) return <PageError error={new ApiError(404, { code: 'notFound' })} />;
  if (query.isPending) return <PageLoader />;
  if (query.error) return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  const person = query.data;
  const name = fullName(person);

  // Links belong to one school; only that school's administrator (in its context) keeps them.
  const context = me.context;
  const manageSchoolId =
    me.capabilities.manageGuardianships && context?.institutionKind === 'school' ? context.institutionId : null;
  const studentHere =
    manageSchoolId !== null &&
    person.memberships.some((m) => m.profile === 'student' && m.institutionId === manageSchoolId && isActive(m));
  const isStudent = person.memberships.some((m) => m.profile === 'student');
  const isParent = person.memberships.some((m) => m.profile === 'parent');

  const doReset = () =>
    reset.mutate(undefined, {
      onSuccess: (result) => {
        setConfirmReset(false);
        setCredentials(result.credentials);
      },
    });

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/people" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('persons:list.title')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={2} data-testid="person-name" style={{ overflowWrap: 'anywhere' }}>
          {name}
        </Title>
        {person.canManage && person.username && (
          <Button
            variant="default"
            leftSection={<IconKey size={16} />}
            onClick={() => setConfirmReset(true)}
            data-testid="reset-password-button"
          >
            {t('persons:reset.button')}
          </Button>
        )}
        {person.canManage && person.username && <EndSessionsButton personId={person.id} name={name} />}
        {person.canManage && person.id !== me.personId && <DeletePersonButton personId={person.id} name={name} />}
      </Group>

      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, md: 3 }} spacing="md">
          <Detail label={t('persons:fields.birthDate')}>{formatDate(person.birthDate, locale)}</Detail>
          <Detail label={t('persons:fields.gender')}>{t(`enums:gender.${person.gender}`)}</Detail>
          <Detail label={t('persons:fields.iin')}>
            {person.iin && <span style={{ fontFamily: 'monospace' }}>{person.iin}</span>}
          </Detail>
          <Detail label={t('persons:fields.email')}>{person.email}</Detail>
          <Detail label={t('persons:fields.phone')}>{person.phone}</Detail>
          {person.username && <Detail label={t('persons:fields.username')}>{person.username}</Detail>}
        </SimpleGrid>
      </Paper>

      <MembershipsSection person={person} />

      {(isStudent || person.parents.length > 0) && (
        <RelativesSection
          personId={person.id}
          kind="parents"
          items={person.parents}
          manageSchoolId={manageSchoolId}
          canLinkParent={studentHere}
        />
      )}
      {(isParent || person.children.length > 0) && (
        <RelativesSection
          personId={person.id}
          kind="children"
          items={person.children}
          manageSchoolId={manageSchoolId}
          canLinkParent={false}
        />
      )}

      <ConfirmModal
        opened={confirmReset}
        title={t('persons:reset.title')}
        text={t('persons:reset.text', { name })}
        confirmLabel={t('persons:reset.confirm')}
        color="orange"
        loading={reset.isPending}
        onConfirm={doReset}
        onClose={() => setConfirmReset(false)}
      />
      <CredentialsModal
        credentials={credentials}
        personName={name}
        personId={person.id}
        onDone={() => setCredentials(null)}
      />
    </Stack>
  );
}
