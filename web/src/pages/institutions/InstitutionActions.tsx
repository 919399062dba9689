import { ALLOWED_CHILD_KINDS } from '@common/enums.js';
import type { InstitutionDetail } from '@common/schemas/institutions.js';
import { Button, Group } from '@mantine/core';
import { IconArrowsMove, IconBuildingPlus, IconLock, IconPencil, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentMe } from '../../api/me.js';
import { AddChildModal } from './AddChildModal.js';
import { CloseModal } from './CloseModal.js';
import { MoveModal } from './MoveModal.js';
import { RenameModal } from './RenameModal.js';

type Dialog = 'add' | 'rename' | 'move' | 'close' | null;

/**
 * What can be done here: go to its people, add a person, and — for authority administrators (canManage) — add
 * a child, rename, move, close. Buttons the server would refuse are not shown.
 */
export function InstitutionActions({ node }: { node: InstitutionDetail }) {
  const { t } = useTranslation('institutions');
  const me = useCurrentMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const closeDialog = () => setDialog(null);

  const manage = node.canManage && me.capabilities.manageInstitutions;
  const open = !node.closedAt;
  // The top of my scope has nothing of mine above it: it cannot be moved or closed from inside.
  const isScopeTop = node.path.length === 0;
  const canAddChild = manage && open && ALLOWED_CHILD_KINDS[node.kind].length > 0;

  return (
    <>
      <Group gap="xs" wrap="wrap">
        {me.capabilities.listPeople && (
          <Button
            component={Link}
            to={`/people?institutionId=${node.id}`}
            variant="light"
            size="sm"
            leftSection={<IconUsers size={16} />}
            data-testid="institution-people"
          >
            {t('peopleHere')}
          </Button>
        )}
        {me.capabilities.managePeople && open && (
          <Button
            component={Link}
            to={`/people/new?institutionId=${node.id}`}
            variant="light"
            size="sm"
            leftSection={<IconUserPlus size={16} />}
            data-testid="add-person-button"
          >
            {t('addPersonHere')}
          </Button>
        )}
        {canAddChild && (
          <Button
            size="sm"
            leftSection={<IconBuildingPlus size={16} />}
            onClick={() => setDialog('add')}
            data-testid="institution-add"
          >
            {t('add')}
          </Button>
        )}
        {manage && (
          <Button
            variant="default"
            size="sm"
            leftSection={<IconPencil size={16} />}
            onClick={() => setDialog('rename')}
            data-testid="institution-rename"
          >
            {t('rename')}
          </Button>
        )}
        {manage && open && !isScopeTop && (
          <Button
            variant="default"
            size="sm"
            leftSection={<IconArrowsMove size={16} />}
            onClick={() => setDialog('move')}
            data-testid="institution-move"
          >
            {t('move.action')}
          </Button>
        )}
        {manage && open && !isScopeTop && (
          <Button
            variant="default"
            color="red"
            size="sm"
            leftSection={<IconLock size={16} />}
            onClick={() => setDialog('close')}
            data-testid="institution-close"
          >
            {t('close')}
          </Button>
        )}
      </Group>

      {/* Mounted only while open, so every opening starts from the current data. */}
      {dialog === 'add' && <AddChildModal parent={node} opened onClose={closeDialog} />}
      {dialog === 'rename' && <RenameModal institution={node} opened onClose={closeDialog} />}
      {dialog === 'move' && <MoveModal institution={node} opened onClose={closeDialog} />}
      {dialog === 'close' && <CloseModal institution={node} opened onClose={closeDialog} />}
    </>
  );
}
