import { DEFAULT_LOCALE, LOCALES, type Locale } from '@common/enums.js';
import { resources } from '@common/i18n/index.js';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';

/**
 * The UI language: the signed-in user's saved preference (me.locale, applied by the shell), otherwise the last
 * choice made on this device, otherwise Kazakh. `<html lang>` follows it so screen readers and hyphenation do too.
 */
const STORAGE_KEY = 'dapter.locale';

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

function storedLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(saved) ? saved : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // storage can be disabled (private mode, policies)
  }
}

const initial = storedLocale();
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  ns: Object.keys(resources.en),
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  // The resources are bundled: initialise synchronously so the first render is already translated.
  initAsync: false,
});

/** Switches the UI language now and remembers it on this device (the server copy is saved by the caller). */
export function applyLocale(locale: Locale) {
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered on this device; the UI still switches
  }
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);

/** The current UI language, re-rendering on change. */
export function useLocale(): Locale {
  const { i18n: instance } = useTranslation();
  return isLocale(instance.language) ? instance.language : DEFAULT_LOCALE;
}

export default i18n;
