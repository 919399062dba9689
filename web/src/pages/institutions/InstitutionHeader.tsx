import type { InstitutionDetail } from '@common/schemas/institutions.js';
import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KindBadge } from '../../components/KindBadge.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../../lib/format.js';
import { localName } from '../../lib/localName.js';

/** Where the node sits (breadcrumb from the top of my scope), its name in the UI language, kind, code, state. */
export function InstitutionHeader({ node }: { node: InstitutionDetail }) {
  const { t } = useTranslation('institutions');
  const locale = useLocale();
  return (
    <Stack gap="xs">
      {node.path.length > 0 && (
        <Breadcrumbs separatorMargin={6} style={{ flexWrap: 'wrap', rowGap: 4 }} aria-label={t('breadcrumb')}>
          {node.path.map((p) => (
            <Anchor key={p.id} component={Link} to={`/institutions/${p.id}`} size="sm">
              {localName(p, locale)}
            </Anchor>
          ))}
          <Text size="sm" c="dimmed">
            {localName(node, locale)}
          </Text>
        </Breadcrumbs>
      )}
      <Title order={2} data-testid="institution-title" style={{ overflowWrap: 'anywhere' }}>
        {localName(node, locale)}
      </Title>
      <Group gap="xs" wrap="wrap">
        <KindBadge kind={node.kind} />
        {node.code && (
          <Badge variant="default" radius="sm">
            {t('codeValue', { code: node.code })}
          </Badge>
        )}
        {node.closedAt && (
          <Badge color="red" variant="light" radius="sm" leftSection={<IconLock size={12} />}>
            {t('closedOn', { date: formatDate(node.closedAt, locale) })}
          </Badge>
        )}
      </Group>
      {node.closedReason && (
        <Text size="sm" c="dimmed">
          {t('closedReason', { reason: node.closedReason })}
        </Text>
      )}
    </Stack>
  );
}
