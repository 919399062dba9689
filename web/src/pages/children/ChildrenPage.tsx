import { Avatar, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconSchool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Child, useMyChildren } from '../../api/guardianships.js';
import { useCurrentMe } from '../../api/me.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { formatDate, fullName } from '../people/format.js';
import { useInstitutionDetail } from '../people/institutionLookup.js';
import { ChildConsent } from '../registration/ChildConsent.js';

function ChildCard({ child }: { child: Child }) {
  const { t } = useTranslation(['persons', 'enums']);
  const locale = useLocale();
  const me = useCurrentMe();
  // The parent's own memberships name the school already; ask the server only for a school not among them.
  const known = me.memberships.find((m) => m.institutionId === child.institutionId);
  const school = useInstitutionDetail(known ? null : child.institutionId);
  const schoolName = known
    ? localName(known.institutionName, locale)
    : school.data
      ? localName(school.data, locale)
      : '';
  const initials = `${child.firstName.charAt(0)}${child.surname.charAt(0)}`;

  return (
    <Card withBorder padding="md" radius="md" data-testid={`child-card-${child.personId}`}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Avatar color="blue" radius="xl" size="lg">
          {initials}
        </Avatar>
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} size="lg" style={{ overflowWrap: 'anywhere' }}>
            {fullName(child)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('persons:fields.birthDate')}: {formatDate(child.birthDate, locale)}
          </Text>
          {schoolName && (
            <Group gap={6} wrap="nowrap">
              <IconSchool size={16} style={{ flexShrink: 0 }} />
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {schoolName}
              </Text>
            </Group>
          )}
          <Group gap={6}>
            <Badge variant="light" color="grape" size="sm" tt="none">
              {t('persons:children.relation')}: {t(`enums:relation.${child.relation}`)}
            </Badge>
          </Group>
          <ChildConsent childPersonId={child.personId} />
        </Stack>
      </Group>
    </Card>
  );
}

/** /children — a parent's children in the current school (later each card leads to the diary). */
export default function ChildrenPage() {
  const { t } = useTranslation('persons');
  const me = useCurrentMe();
  const children = useMyChildren(me.capabilities.seeChildren);

  if (!me.capabilities.seeChildren) return <NoAccess />;
  return (
    <Stack gap="md">
      <Title order={2}>{t('children.title')}</Title>
      {children.isPending ? (
        <PageLoader />
      ) : children.error ? (
        <PageError error={children.error} onRetry={() => void children.refetch()} />
      ) : children.data.items.length === 0 ? (
        <EmptyPage title={t('children.empty')} text={t('children.emptyHint')} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {children.data.items.map((child) => (
            <ChildCard key={`${child.personId}-${child.institutionId}`} child={child} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
