import { parse } from 'csv-parse/sync';
import { cleanCell, fileProblem } from './sheet.js';

/**
 * Text files as schools save them: Excel's "CSV UTF-8" (with a BOM), plain UTF-8, Excel's "Unicode text"
 * (UTF-16 LE with a BOM, tab-separated) and the Windows-1251 of older Russian-locale Excel "CSV (;)". Kazakh
 * letters are not in Windows-1251, so a file that has them is UTF-8 or UTF-16 anyway.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3));
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: the other encoding Kazakhstan's spreadsheets are saved in.
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

function utf8(bytes: Buffer) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileProblem('encoding');
  }
}

/** Separator of the first line, outside quotes: ';' (Russian-locale Excel), tab, or ','. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, 64 * 1024).split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<string, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ';';
  for (const d of [';', '\t', ',']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

/** Rows of cells (trimmed text), numbered as lines of the file. */
export function parseCsv(bytes: Buffer): Array<{ rowNumber: number; cells: string[] }> {
  const text = decodeText(bytes);
  if (text.trim() === '') throw fileProblem('empty');
  const delimiter = detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
      info: true,
      bom: true,
      max_record_size: 64 * 1024,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch {
    throw fileProblem('brokenCsv');
  }
  return records.map(({ record, info }) => ({ rowNumber: info.lines, cells: record.map(unescapeCell) }));
}

/** A cell our CSV export protected against formula injection («'=…», «'+7 …») reads back as it was. */
export const unescapeCell = (cell: string) => {
  const c = cleanCell(cell);
  return /^'[=+\-@]/.test(c) ? c.slice(1) : c;
};
