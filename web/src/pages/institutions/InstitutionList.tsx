import type { Institution } from '@common/schemas/institutions.js';
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KindBadge } from '../../components/KindBadge.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';

/** Rows that open the institution: name, code, kind, how many sit inside, closed mark. Cards fit phones too. */
export function InstitutionList({ items }: { items: Institution[] }) {
  const { t } = useTranslation('institutions');
  const locale = useLocale();
  return (
    <Stack gap={6}>
      {items.map((item) => (
        <Paper
          key={item.id}
          component={Link}
          to={`/institutions/${item.id}`}
          withBorder
          radius="md"
          px="md"
          py="sm"
          data-testid={`institution-row-${item.id}`}
          className="dapter-row"
          style={{ textDecoration: 'none', color: 'inherit', opacity: item.closedAt ? 0.65 : 1 }}
        >
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {localName(item, locale)}
              </Text>
              <Group gap={6} wrap="wrap">
                <KindBadge kind={item.kind} size="sm" />
                {item.childCount > 0 && (
                  <Badge size="sm" variant="default" radius="sm">
                    {t('childCount', { count: item.childCount })}
                  </Badge>
                )}
                {item.code && (
                  <Text size="xs" c="dimmed">
                    {t('codeValue', { code: item.code })}
                  </Text>
                )}
                {item.closedAt && (
                  <Badge size="sm" color="red" variant="light" radius="sm">
                    {t('closed')}
                  </Badge>
                )}
              </Group>
            </Stack>
            <IconChevronRight size={18} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
