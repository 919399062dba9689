import type { zRelative } from '@common/schemas/persons.js';
import { ActionIcon, Anchor, Badge, Button, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconLinkOff, IconLinkPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { useUnlinkParent } from '../../api/guardianships.js';
import { notifySuccess } from '../../components/notify.js';
import { ConfirmModal } from './ConfirmModal.js';
import { fullName } from './format.js';
import { LinkParentModal } from './LinkParentModal.js';

type Relative = z.infer<typeof zRelative>;

interface Props {
  personId: number;
  /** 'parents' on a student's page, 'children' on a parent's page. */
  kind: 'parents' | 'children';
  items: Relative[];
  /** The school whose links the viewer may change (their context school), if any. */
  manageSchoolId: number | null;
  /** Offer "Link a parent" (a student of the managed school). */
  canLinkParent: boolean;
}

/** Parents of a student, or children of a parent, with link / unlink for the school's administrator. */
export function RelativesSection({ personId, kind, items, manageSchoolId, canLinkParent }: Props) {
  const { t } = useTranslation(['persons', 'enums']);
  const [linking, setLinking] = useState(false);
  const [unlinking, setUnlinking] = useState<Relative | null>(null);
  const unlink = useUnlinkParent();
  const rowPrefix = kind === 'parents' ? 'parent-row' : 'child-row';

  const confirmUnlink = () => {
    if (!unlinking) return;
    const pair =
      kind === 'parents'
        ? { parentPersonId: unlinking.personId, childPersonId: personId }
        : { parentPersonId: personId, childPersonId: unlinking.personId };
    unlink.mutate(
      { institutionId: unlinking.institutionId, ...pair },
      {
        onSuccess: () => {
          notifySuccess(t('persons:relatives.unlinked'));
          setUnlinking(null);
        },
      },
    );
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Title order={3}>{t(kind === 'parents' ? 'persons:relatives.parents' : 'persons:relatives.children')}</Title>
        {canLinkParent && manageSchoolId !== null && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconLinkPlus size={16} />}
            onClick={() => setLinking(true)}
            data-testid="link-parent-button"
          >
            {t('persons:relatives.linkParent')}
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t(kind === 'parents' ? 'persons:relatives.noParents' : 'persons:relatives.noChildren')}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((r) => (
            <Card
              key={`${r.personId}-${r.institutionId}`}
              withBorder
              padding="xs"
              data-testid={`${rowPrefix}-${r.personId}`}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap="xs" style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/people/${r.personId}`} fw={500}>
                    {fullName(r)}
                  </Anchor>
                  <Badge variant="light" color="grape" size="sm" tt="none">
                    {t(`enums:relation.${r.relation}`)}
                  </Badge>
                </Group>
                {manageSchoolId !== null && r.institutionId === manageSchoolId && (
                  <Tooltip label={t('persons:relatives.unlink')} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => setUnlinking(r)}
                      aria-label={t('persons:relatives.unlink')}
                      data-testid={`unlink-${r.personId}`}
                    >
                      <IconLinkOff size={18} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {canLinkParent && manageSchoolId !== null && (
        <LinkParentModal
          opened={linking}
          onClose={() => setLinking(false)}
          childPersonId={personId}
          schoolId={manageSchoolId}
          linkedParentIds={items.map((r) => r.personId)}
        />
      )}
      <ConfirmModal
        opened={unlinking !== null}
        title={t('persons:relatives.unlinkTitle')}
        text={unlinking ? t('persons:relatives.unlinkText', { name: fullName(unlinking) }) : ''}
        confirmLabel={t('persons:relatives.unlink')}
        loading={unlink.isPending}
        onConfirm={confirmUnlink}
        onClose={() => setUnlinking(null)}
      />
    </Stack>
  );
}
