import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader for the tests to see what a person would read on a slip, without a PDF
 * library: pdfkit writes plain (non-stream) objects, and text as glyph ids of an embedded font subset
 * whose ToUnicode CMap maps them back to characters. Streams are inflated when compressed.
 */
interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1'); // one char per byte: string offsets are byte offsets
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\n/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('\nstream\n', start);
    const endAt = text.indexOf('endobj', start);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const from = streamAt + '\nstream\n'.length;
      const raw = pdf.subarray(from, from + length);
      objects.set(Number(m[1]), { dict, stream: /\/Filter \/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      header.lastIndex = from + length;
    } else {
      objects.set(Number(m[1]), { dict: text.slice(start, endAt), stream: null });
    }
  }
  return objects;
}

const ref = (dict: string, key: string) => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** glyph code → text, from a ToUnicode CMap's bfrange arrays (the form pdfkit writes). */
function readCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const m of cmap.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
    let code = Number.parseInt(m[1]!, 16);
    for (const target of m[2]!.matchAll(/<([0-9a-f ]*)>/gi)) {
      const units = target[1]!
        .split(' ')
        .filter(Boolean)
        .map((h) => Number.parseInt(h, 16));
      map.set(code++, String.fromCharCode(...units));
    }
  }
  return map;
}

export interface PdfPage {
  /** Each text-showing operation's text, in drawing order. */
  lines: string[];
  /** Glyph codes drawn that map to no character (a glyph the font lacks shows as .notdef). */
  unmapped: number;
}

export interface ParsedPdf {
  pages: PdfPage[];
  info: string;
}

export function readPdf(pdf: Buffer): ParsedPdf {
  const objects = readObjects(pdf);
  const dictOf = (n: number | null) => (n === null ? '' : (objects.get(n)?.dict ?? ''));
  const pages: PdfPage[] = [];
  for (const obj of objects.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(obj.dict)) continue;
    const resources = /\/Resources (\d+) 0 R/.test(obj.dict) ? dictOf(ref(obj.dict, 'Resources')) : obj.dict;
    const fonts = new Map<string, Map<number, string>>();
    for (const f of resources.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const cmap = objects.get(ref(dictOf(Number(f[2])), 'ToUnicode') ?? -1)?.stream;
      fonts.set(f[1]!, cmap ? readCmap(cmap.toString('latin1')) : new Map());
    }
    const content = objects.get(ref(obj.dict, 'Contents') ?? -1)?.stream?.toString('latin1') ?? '';
    const page: PdfPage = { lines: [], unmapped: 0 };
    let font = new Map<number, string>();
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) {
        font = fonts.get(op[1]) ?? new Map();
        continue;
      }
      let line = '';
      for (const hex of op[2]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex[1]!.length; i += 4) {
          const code = Number.parseInt(hex[1]!.slice(i, i + 4), 16);
          const ch = font.get(code);
          if (ch === undefined || code === 0) page.unmapped++;
          else line += ch;
        }
      }
      page.lines.push(line);
    }
    pages.push(page);
  }
  const infoRef = /\/Info (\d+) 0 R/.exec(pdf.toString('latin1'));
  return { pages, info: infoRef ? dictOf(Number(infoRef[1])) : '' };
}
