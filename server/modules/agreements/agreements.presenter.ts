import type { Locale } from '@common/enums.js';
import type { AgreementVersion } from '@common/schemas/agreements.js';
import type { AgreementForReading } from '@common/schemas/registration.js';
import type { AcceptanceRow, VersionRow } from './agreements.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export const presentVersion = (v: VersionRow, currentId: number | null): AgreementVersion => ({
  id: v.id,
  label: v.label,
  text: { kk: v.textKk, ru: v.textRu, en: v.textEn },
  changes: { kk: v.changesKk, ru: v.changesRu, en: v.changesEn },
  createdAt: iso(v.createdAt),
  publishedAt: v.publishedAt ? iso(v.publishedAt) : null,
  current: v.id === currentId,
});

/** A published version in the reader's language. */
export function presentForReading(v: VersionRow, locale: Locale): AgreementForReading {
  const text = { kk: v.textKk, ru: v.textRu, en: v.textEn }[locale];
  const changes = { kk: v.changesKk, ru: v.changesRu, en: v.changesEn }[locale];
  return { id: v.id, label: v.label, text, changes, publishedAt: iso(v.publishedAt ?? v.createdAt) };
}

export const CSV_HEADER = [
  'person_id',
  'surname',
  'first_name',
  'patronymic',
  'username',
  'version_id',
  'version',
  'accepted_at',
  'ip',
  'user_agent',
];

/**
 * One CSV field (RFC 4180). A value a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe: user agents and names come from outside.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const acceptanceLine = (r: AcceptanceRow) =>
  csvLine([
    r.personId,
    r.surname,
    r.firstName,
    r.patronymic,
    r.username,
    r.versionId,
    r.label,
    iso(r.acceptedAt),
    r.ip,
    r.userAgent,
  ]);
