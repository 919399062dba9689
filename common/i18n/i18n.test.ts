import { describe, expect, it } from 'vitest';
import { LOCALES } from '../enums.js';
import { NAMESPACES, negotiateLocale, resources } from './index.js';

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}
const leaf = (tree: unknown, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);

describe('translations', () => {
  for (const ns of NAMESPACES) {
    const all = new Set(LOCALES.flatMap((l) => keysOf(resources[l][ns])));
    for (const locale of LOCALES) {
      it(`${locale}/${ns} has every key the other locales have, none empty`, () => {
        const mine = new Set(keysOf(resources[locale][ns]));
        expect([...all].filter((k) => !mine.has(k))).toEqual([]);
        const empty = [...mine].filter((k) => {
          const v = leaf(resources[locale][ns], k);
          return typeof v !== 'string' || v.trim() === '';
        });
        expect(empty).toEqual([]);
      });
    }
  }
  it('keeps the same {{placeholders}} in every locale', () => {
    for (const ns of NAMESPACES) {
      for (const key of keysOf(resources.en[ns])) {
        const vars = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
        const expected = vars(leaf(resources.en[ns], key));
        for (const locale of LOCALES)
          expect([locale, ns, key, vars(leaf(resources[locale][ns], key))]).toEqual([locale, ns, key, expected]);
      }
    }
  });
});

describe('negotiateLocale', () => {
  it('honours quality values, aliases kz to kk and falls back to kk', () => {
    expect(negotiateLocale('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(negotiateLocale('de,en;q=0.5,ru;q=0.7')).toBe('ru');
    expect(negotiateLocale('kz')).toBe('kk');
    expect(negotiateLocale('fr')).toBe('kk');
    expect(negotiateLocale(undefined, 'en')).toBe('en');
  });
});
