import { readFileSync } from 'node:fs';

/**
 * The fonts every generated PDF embeds (DejaVu Sans, vendored with its licence in server/assets/fonts): the PDF
 * base fonts have no Cyrillic at all — Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) need a real font — and a
 * server's system fonts are not a thing to rely on. pdfkit embeds only the glyphs used.
 */
const FONT_DIR = new URL('../assets/fonts/', import.meta.url);
export const FONT_REGULAR = readFileSync(new URL('DejaVuSans.ttf', FONT_DIR));
export const FONT_BOLD = readFileSync(new URL('DejaVuSans-Bold.ttf', FONT_DIR));
