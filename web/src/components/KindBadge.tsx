import type { InstitutionKind } from '@common/enums.js';
import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLOR: Record<InstitutionKind, string> = {
  ministry: 'grape',
  region: 'indigo',
  district: 'blue',
  school: 'teal',
  other: 'gray',
};

export function KindBadge({ kind, ...props }: { kind: InstitutionKind } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLOR[kind]} radius="sm" {...props}>
      {t(`enums:kind.${kind}`)}
    </Badge>
  );
}
