import { LOCALES, type Locale } from '@common/enums.js';
import { Button, type ButtonProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe, useSetLocale } from '../api/me.js';
import { applyLocale, useLocale } from '../i18n.js';

const SHORT: Record<Locale, string> = { kk: 'ҚАЗ', ru: 'РУС', en: 'ENG' };

/**
 * Three buttons, one per language, each labelled in its own language. Signed in, the choice is saved in the
 * account (it follows the person to other devices); on the sign-in page it is remembered on this device.
 */
export function LanguageSwitch({ size = 'compact-xs' }: { size?: ButtonProps['size'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data: me } = useMe();
  const setLocale = useSetLocale();

  const choose = (next: Locale) => {
    if (next === locale) return;
    if (me) setLocale.mutate(next);
    else applyLocale(next);
  };

  return (
    <Button.Group aria-label={t('language')}>
      {LOCALES.map((l) => (
        <Button
          key={l}
          size={size}
          variant={l === locale ? 'filled' : 'default'}
          aria-pressed={l === locale}
          lang={l}
          title={t(`enums:locale.${l}`)}
          data-testid={`lang-${l}`}
          onClick={() => choose(l)}
        >
          {SHORT[l]}
        </Button>
      ))}
    </Button.Group>
  );
}
