import type { SlipsPerPage } from '@common/schemas/credentials.js';
import PDFDocument from 'pdfkit';
import { FONT_BOLD as BOLD, FONT_REGULAR as REGULAR } from '../../lib/pdf-fonts.js';

/**
 * Credential slips as a PDF: one, four or eight per A4 page, cut along the dashed lines. Every text is
 * already in the person's language; this file only lays it out.
 *
 * The font is embedded (DejaVu Sans, vendored with its licence in server/assets/fonts): the PDF base fonts
 * have no Cyrillic at all, and a server's system fonts are not a thing to rely on. pdfkit embeds only the
 * glyphs used, so a page of slips stays small.
 */

/** What one slip says, translated. */
export interface SlipText {
  heading: string;
  school: string;
  fullName: string;
  usernameLabel: string;
  username: string;
  passwordLabel: string;
  password: string;
  signInLabel: string;
  url: string;
  validity: string;
  instructions: string;
}

const A4 = { width: 595.28, height: 841.89 };

interface Layout {
  cols: number;
  rows: number;
  /** Height of one slip; the full cell for 4 and 8 per page, the top part of the page for one. */
  cellHeight: number;
  pad: number;
  size: { heading: number; school: number; name: number; label: number; value: number; text: number; note: number };
  gap: number;
}

const LAYOUTS: Record<SlipsPerPage, Layout> = {
  1: {
    cols: 1,
    rows: 1,
    cellHeight: 400,
    pad: 48,
    size: { heading: 11, school: 13, name: 20, label: 10, value: 26, text: 11, note: 10.5 },
    gap: 10,
  },
  4: {
    cols: 2,
    rows: 2,
    cellHeight: A4.height / 2,
    pad: 28,
    size: { heading: 9, school: 11, name: 16, label: 9, value: 22, text: 10, note: 9.5 },
    gap: 11,
  },
  8: {
    cols: 2,
    rows: 4,
    cellHeight: A4.height / 4,
    pad: 14,
    size: { heading: 7, school: 8, name: 12, label: 7, value: 14, text: 7.5, note: 7 },
    gap: 4.5,
  },
};

function drawSlip(doc: PDFKit.PDFDocument, slip: SlipText, x: number, y: number, width: number, layout: Layout) {
  const { pad, size, gap, cellHeight } = layout;
  const left = x + pad;
  const inner = width - 2 * pad;
  const bottom = y + cellHeight - pad;
  const gray = '#555555';

  doc.font('regular').fontSize(size.heading).fillColor(gray);
  doc.text(slip.heading, left, y + pad, { width: inner, lineBreak: false, ellipsis: true });
  doc.moveDown(0.2);
  doc
    .fontSize(size.school)
    .fillColor('black')
    .text(slip.school, { width: inner, height: size.school * 2.6, ellipsis: true });
  doc.moveDown(0.3);
  doc
    .font('bold')
    .fontSize(size.name)
    .text(slip.fullName, { width: inner, height: size.name * 2.6, ellipsis: true });
  doc.y += gap;

  // Each value under its label, on one line: a password or username broken over two lines (at a hyphen,
  // say) would be misread, so a value too wide for the slip is set smaller instead.
  const field = (label: string, value: string, valueSize: number) => {
    doc.font('regular').fontSize(size.label).fillColor(gray).text(label, left, doc.y, { width: inner });
    doc.font('bold').fontSize(valueSize);
    const fitted = Math.max(4, Math.min(valueSize, (valueSize * inner) / doc.widthOfString(value)));
    doc.fontSize(fitted).fillColor('black').text(value, left, doc.y, { width: inner, lineBreak: false });
    doc.y += gap * 0.5;
  };
  field(slip.usernameLabel, slip.username, size.value);
  field(slip.passwordLabel, slip.password, size.value);
  field(slip.signInLabel, slip.url, size.text + 1);
  doc.y += gap * 0.4;

  doc.font('bold').fontSize(size.text).fillColor('black').text(slip.validity, left, doc.y, { width: inner });
  doc.moveDown(0.3);
  // The last block takes what room is left, never running into the next slip.
  const room = Math.max(0, bottom - doc.y);
  doc
    .font('regular')
    .fontSize(size.note)
    .fillColor(gray)
    .text(slip.instructions, left, doc.y, { width: inner, height: room, ellipsis: true });
}

/** Dashed cut lines between the slips of a page, or a frame round a single slip. */
function drawCutLines(doc: PDFKit.PDFDocument, layout: Layout, perPage: SlipsPerPage) {
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 3 });
  if (perPage === 1) {
    doc.rect(24, 24, A4.width - 48, layout.cellHeight - 24).stroke();
  } else {
    const cellWidth = A4.width / layout.cols;
    for (let c = 1; c < layout.cols; c++)
      doc
        .moveTo(c * cellWidth, 0)
        .lineTo(c * cellWidth, A4.height)
        .stroke();
    for (let r = 1; r < layout.rows; r++)
      doc
        .moveTo(0, r * layout.cellHeight)
        .lineTo(A4.width, r * layout.cellHeight)
        .stroke();
  }
  doc.undash().restore();
}

/** Renders the slips in order, `perPage` to an A4 page, and returns the whole PDF. */
export function renderSlips(
  slips: SlipText[],
  perPage: SlipsPerPage,
  meta: { title: string; createdAt: Date },
): Promise<Buffer> {
  const layout = LAYOUTS[perPage];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: meta.title, Creator: 'Dapter', Producer: 'Dapter', CreationDate: meta.createdAt },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const cellWidth = A4.width / layout.cols;
  slips.forEach((slip, index) => {
    const slot = index % perPage;
    if (slot === 0) {
      doc.addPage({ size: 'A4', margin: 0 });
      drawCutLines(doc, layout, perPage);
    }
    const col = slot % layout.cols;
    const row = Math.floor(slot / layout.cols);
    const inset = perPage === 1 ? 24 : 0;
    drawSlip(doc, slip, col * cellWidth + inset, row * layout.cellHeight + inset, cellWidth - 2 * inset, {
      ...layout,
      cellHeight: layout.cellHeight - inset,
    });
  });
  doc.end();
  return done;
}
