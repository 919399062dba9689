import type { MyMembership } from '@common/schemas/auth.js';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n.js';
import { localName } from '../lib/localName.js';
import { KindBadge } from './KindBadge.js';

/** Where and as whom: institution, profile, school roles, administrator mark, position. */
export function MembershipSummary({ membership: m }: { membership: MyMembership }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>{localName(m.institutionName, locale)}</Text>
        <KindBadge kind={m.institutionKind} size="sm" />
      </Group>
      <Group gap={6} wrap="wrap">
        <Badge variant="outline" color="blue" radius="sm">
          {t(`enums:profile.${m.profile}`)}
        </Badge>
        {m.roles.map((role) => (
          <Badge key={role} variant="light" color="gray" radius="sm">
            {t(`enums:role.${role}`)}
          </Badge>
        ))}
        {m.isAdmin && (
          <Badge variant="light" color="orange" radius="sm">
            {t('membership.admin')}
          </Badge>
        )}
      </Group>
      {m.position && (
        <Text size="sm" c="dimmed">
          {m.position}
        </Text>
      )}
    </Stack>
  );
}
