import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resources } from '@common/i18n/index.js';
import { describe, expect, it } from 'vitest';

/**
 * Every translation key the web app names literally must exist in the English resources (common/i18n checks that
 * the other languages have the same keys). Resolved statically:
 *   t('ns:key')                      → ns, key
 *   t('key', { ns: 'ns' })           → ns, key
 *   useTranslation('ns') + t('key')  → ns of the file's useTranslation calls (or `common`, the default)
 * Keys built at run time (t(`enums:kind.${kind}`)) are out of reach here and not checked.
 */
const SRC = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_NS = 'common';
const en = resources.en as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const exists = (ns: string, key: string) => {
  const leaf = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en[ns]);
  return typeof leaf === 'string';
};

/** The namespaces `t` resolves an unprefixed key in, in this file. */
function fileNamespaces(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/useTranslation\(\s*(?:\[\s*)?(['"])([\w-]+)\1/g)) found.add(m[2]!);
  if (found.size === 0 || /useTranslation\(\s*\)/.test(source)) found.add(DEFAULT_NS);
  return [...found];
}

interface Usage {
  file: string;
  line: number;
  key: string;
  namespaces: string[];
}

function usagesIn(file: string, source: string): Usage[] {
  const namespaces = fileNamespaces(source);
  const usages: Usage[] = [];
  // t('…') / t("…"), optionally followed by an options object whose `ns` we read when it is a literal.
  const call = /\bt\(\s*(['"])([^'"\n]+)\1\s*(,\s*\{([^}]*)\})?/g;
  for (const m of source.matchAll(call)) {
    const raw = m[2]!;
    const line = source.slice(0, m.index).split('\n').length;
    const nsOption = /\bns:\s*(['"])([\w-]+)\1/.exec(m[4] ?? '')?.[2];
    const colon = raw.indexOf(':');
    if (colon > 0 && /^[\w-]+$/.test(raw.slice(0, colon))) {
      usages.push({ file, line, key: raw.slice(colon + 1), namespaces: [raw.slice(0, colon)] });
    } else {
      usages.push({ file, line, key: raw, namespaces: nsOption ? [nsOption] : namespaces });
    }
  }
  return usages;
}

describe('translation keys used by the web app', () => {
  const usages = sourceFiles(SRC).flatMap((file) => usagesIn(relative(SRC, file), readFileSync(file, 'utf8')));

  it('finds the usages it is meant to check', () => {
    expect(usages.length).toBeGreaterThan(20);
  });

  it('all exist in the en resources', () => {
    const missing = usages
      .filter((u) => !u.namespaces.some((ns) => exists(ns, u.key)))
      .map((u) => `${u.file}:${u.line} ${u.namespaces.join('|')}:${u.key}`);
    expect(missing).toEqual([]);
  });

  it('resolves the call forms it claims to', () => {
    const dynamic = 't(`enums:kind.$' + '{k}`);'; // a run-time key, which must be skipped
    const src = [
      "const { t } = useTranslation('institutions');",
      "t('inside'); t('common:actions.save'); t('title', { ns: 'audit', x: 1 });",
      dynamic,
    ].join('\n');
    expect(usagesIn('x.tsx', src).map((u) => `${u.namespaces.join('|')}:${u.key}`)).toEqual([
      'institutions:inside',
      'common:actions.save',
      'audit:title',
    ]);
    expect(exists('institutions', 'inside')).toBe(true);
    expect(exists('institutions', 'no.such.key')).toBe(false);
  });
});
