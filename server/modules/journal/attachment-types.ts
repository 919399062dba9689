/**
 * What a homework attachment really is, decided from its bytes (magic numbers) and then checked against its
 * extension. The browser's Content-Type is never trusted: a renamed program (`setup.exe` → `task.pdf`) has no
 * PDF signature and is refused, and a real PDF named `task.exe` is refused too, because the name is what the
 * student's computer will act on when the file is downloaded.
 */
export interface AttachmentType {
  contentType: string;
  /** Lower-case extensions a file of this kind may carry. */
  extensions: readonly string[];
}

const T = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  gif: { contentType: 'image/gif', extensions: ['gif'] },
  webp: { contentType: 'image/webp', extensions: ['webp'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  text: { contentType: 'text/plain; charset=utf-8', extensions: ['txt'] },
} satisfies Record<string, AttachmentType>;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * A zip container: OpenDocument stores an uncompressed `mimetype` entry first (ODF 1.2 §3.3), so its type is at
 * a fixed offset; Office Open XML has a `[Content_Types].xml` entry and a main part named by the application.
 * File names appear in plain text in the local headers and the central directory, so a byte search finds them.
 */
function sniffZip(b: Buffer): AttachmentType | null {
  if (startsWith(b, ascii('mimetype'), 30)) {
    const head = b.subarray(38, 38 + 60).toString('latin1');
    if (head.startsWith(T.odt.contentType)) return head.startsWith(`${T.odt.contentType}-`) ? null : T.odt;
    if (head.startsWith(T.ods.contentType)) return head.startsWith(`${T.ods.contentType}-`) ? null : T.ods;
    if (head.startsWith(T.odp.contentType)) return head.startsWith(`${T.odp.contentType}-`) ? null : T.odp;
    return null;
  }
  if (b.indexOf('[Content_Types].xml', 0, 'latin1') < 0) return null;
  if (b.indexOf('word/document.xml', 0, 'latin1') >= 0) return T.docx;
  if (b.indexOf('xl/workbook.xml', 0, 'latin1') >= 0) return T.xlsx;
  if (b.indexOf('ppt/presentation.xml', 0, 'latin1') >= 0) return T.pptx;
  return null;
}

/** Plain text: valid UTF-8 without control characters other than tab, line breaks and form feed. */
function isText(b: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** The file's kind from its content, or null when it is none of the accepted kinds. */
export function sniffAttachment(bytes: Buffer): AttachmentType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return T.pdf;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return T.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return T.jpeg;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return T.gif;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return T.webp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(bytes);
  return isText(bytes) ? T.text : null;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The accepted kind of the file, or null: unknown content, or content that does not match the extension. */
export function attachmentType(fileName: string, bytes: Buffer): AttachmentType | null {
  const type = sniffAttachment(bytes);
  return type?.extensions.includes(extensionOf(fileName)) ? type : null;
}

/**
 * A file name safe to store and to send back: the last path segment (browsers on Windows once sent full
 * paths), without control characters, trimmed to 255 characters keeping the extension.
 */
export function cleanFileName(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly these
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base.length <= 255) return base;
  const ext = extensionOf(base);
  return `${base.slice(0, 254 - ext.length)}.${ext}`;
}
