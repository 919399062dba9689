import { fileProblem } from './sheet.js';

export type FileType = 'xlsx' | 'csv' | 'zip';

const startsWith = (bytes: Buffer, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/**
 * What the upload is, from its first bytes (the name and the browser's content type are only hints a user
 * can get wrong): a zip (XLSX or a OneRoster package), or text. Legacy .xls, PDFs, images and other binaries
 * are refused with a hint.
 */
export function detectType(bytes: Buffer, fileName: string, kind: 'people' | 'oneroster'): FileType {
  if (bytes.length === 0) throw fileProblem('empty');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return kind === 'oneroster' ? 'zip' : 'xlsx';
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) throw fileProblem('empty');
  // OLE2 compound document: Excel 97–2003 .xls.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw fileProblem('legacyXls');
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  // Text has no NUL bytes (UTF-16 aside); anything else is a binary of some other kind.
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) throw fileProblem('unsupportedType');
  if (/\.xlsx?$/i.test(fileName)) throw fileProblem('brokenXlsx');
  if (/\.(zip|pdf|docx?|png|jpe?g|gif)$/i.test(fileName)) throw fileProblem('unsupportedType');
  return 'csv';
}
