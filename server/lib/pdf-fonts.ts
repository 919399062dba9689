import { readFileSync } from 'node:fs';
import { fromRoot } from './project-root.js';

/**
 * The fonts every generated PDF embeds (DejaVu Sans, vendored with its licence in server/assets/fonts): the PDF
 * base fonts have no Cyrillic at all — Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) need a real font — and a
 * server's system fonts are not a thing to rely on. pdfkit embeds only the glyphs used.
 */
// From the checkout's root, not import.meta.url: the same path under tsx and in the bundle (project-root.ts).
const FONT_DIR = fromRoot('server', 'assets', 'fonts');
export const FONT_REGULAR = readFileSync(`${FONT_DIR}/DejaVuSans.ttf`);
export const FONT_BOLD = readFileSync(`${FONT_DIR}/DejaVuSans-Bold.ttf`);
