import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from '../../lib/pdf-fonts.js';
import { formatCell, type ReportDocument, type ReportTable } from './report-table.js';

/**
 * A report as a landscape A4 PDF: each table under its title, the header row repeated on every page it runs onto.
 * The font is the vendored DejaVu Sans (lib/pdf-fonts.ts) so Kazakh letters render.
 */
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 32;
const FONT_SIZE = 8;
const ROW_H = 15;
const HEADER_H = 30;
const WEIGHT = { text: 4, int: 1, percent: 1.2, decimal: 1.2 } as const;

function drawHeader(doc: PDFKit.PDFDocument, table: ReportTable, xs: number[], widths: number[], y: number) {
  doc
    .save()
    .rect(MARGIN, y, PAGE.width - 2 * MARGIN, HEADER_H)
    .fill('#eeeeee')
    .restore();
  doc
    .font('bold')
    .fontSize(FONT_SIZE - 1.5)
    .fillColor('black');
  table.columns.forEach((c, i) => {
    doc.text(c.header, xs[i]! + 2, y + 3, {
      width: widths[i]! - 4,
      height: HEADER_H - 4,
      ellipsis: true,
      align: c.kind === 'text' ? 'left' : 'center',
    });
  });
  return y + HEADER_H;
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, startY: number) {
  const inner = PAGE.width - 2 * MARGIN;
  const weights = table.columns.map((c) => c.width ?? WEIGHT[c.kind]);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w * inner) / sum);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const bottom = PAGE.height - MARGIN;
  let y = startY;
  if (y + HEADER_H + ROW_H * 2 > bottom) {
    doc.addPage();
    y = MARGIN;
  }
  doc.font('bold').fontSize(11).fillColor('black').text(table.title, MARGIN, y, { width: inner });
  y = doc.y + 2;
  if (table.subtitle) {
    doc.font('regular').fontSize(9).fillColor('#444444').text(table.subtitle, MARGIN, y, { width: inner });
    y = doc.y + 2;
  }
  y = drawHeader(doc, table, xs, widths, y + 4);
  const firstTotal = table.rows.length - (table.totalRows ?? 0);
  table.rows.forEach((row, r) => {
    if (y + ROW_H > bottom) {
      doc.addPage();
      y = drawHeader(doc, table, xs, widths, MARGIN);
    }
    doc
      .font(r >= firstTotal ? 'bold' : 'regular')
      .fontSize(FONT_SIZE)
      .fillColor('black');
    row.forEach((value, i) => {
      const kind = table.columns[i]?.kind ?? 'text';
      doc.text(formatCell(value, kind), xs[i]! + 2, y + 4, {
        width: widths[i]! - 4,
        lineBreak: false,
        ellipsis: true,
        align: kind === 'text' ? 'left' : 'right',
      });
    });
    doc
      .save()
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .moveTo(MARGIN, y + ROW_H)
      .lineTo(PAGE.width - MARGIN, y + ROW_H)
      .stroke()
      .restore();
    y += ROW_H;
  });
  return y + 16;
}

export function renderPdf(report: ReportDocument, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: report.title, Creator: 'Dapter', Producer: 'Dapter', CreationDate: createdAt },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let y = MARGIN;
  for (const table of report.tables) y = drawTable(doc, table, y);
  doc.end();
  return done;
}
