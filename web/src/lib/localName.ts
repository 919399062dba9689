import type { Locale } from '@common/enums.js';
import type { LocalizedName } from '@common/schemas/primitives.js';

/** Institutions carry their name in columns (`nameKk`…); memberships in an object (`{ kk, ru, en }`). */
export type NamedInKk = { nameKk: string; nameRu: string; nameEn: string };
export type Named = NamedInKk | LocalizedName;

const ORDER: Record<Locale, readonly Locale[]> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'kk', 'en'],
  en: ['en', 'ru', 'kk'],
};

function nameIn(obj: Named, locale: Locale): string {
  if ('nameKk' in obj) return locale === 'kk' ? obj.nameKk : locale === 'ru' ? obj.nameRu : obj.nameEn;
  return obj[locale];
}

/**
 * The name in the UI language. A blank translation falls back to the nearest language a reader of the chosen
 * one is likely to understand (Kazakh ↔ Russian, then English), so a row never shows up nameless.
 */
export function localName(obj: Named | null | undefined, locale: Locale): string {
  if (!obj) return '';
  for (const l of ORDER[locale]) {
    const name = nameIn(obj, l)?.trim();
    if (name) return name;
  }
  return '';
}
