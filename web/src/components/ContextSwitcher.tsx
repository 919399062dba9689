import type { Locale } from '@common/enums.js';
import type { MyMembership } from '@common/schemas/auth.js';
import { NativeSelect } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentMe, useSwitchContext } from '../api/me.js';
import { useLocale } from '../i18n.js';
import { localName } from '../lib/localName.js';

/** "School No. 5 — Teacher": where and as whom. */
export function membershipLabel(m: MyMembership, locale: Locale, t: TFunction): string {
  return `${localName(m.institutionName, locale)} — ${t(`enums:profile.${m.profile}`)}`;
}

/**
 * Picks the membership the session acts through; shown only to people with more than one. Every list and
 * permission depends on it, so the app starts over on the home page after a switch.
 */
export function ContextSwitcher({ fullWidth = false }: { fullWidth?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const switchContext = useSwitchContext();

  if (me.memberships.length < 2) return null;
  return (
    <NativeSelect
      aria-label={t('context.label')}
      data-testid="context-select"
      size="xs"
      w={fullWidth ? '100%' : 300}
      disabled={switchContext.isPending}
      value={String(me.context?.id ?? '')}
      data={me.memberships.map((m) => ({ value: String(m.id), label: membershipLabel(m, locale, t) }))}
      onChange={(event) => {
        switchContext.mutate(Number(event.currentTarget.value), { onSuccess: () => navigate('/') });
      }}
    />
  );
}
