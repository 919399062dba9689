import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderPdf } from './report.pdf.js';
import { renderXlsx } from './report.xlsx.js';
import { formatCell, type ReportDocument, sheetNames } from './report-table.js';

const doc = (rows: number): ReportDocument => ({
  title: 'Үлгерім — 1-тоқсан',
  tables: [
    {
      sheetName: 'Сыныптар: өте ұзақ атау, отыз бір таңбадан асатын',
      title: 'Үлгерім — 1-тоқсан (ә, ғ, қ, ң, ө, ұ, ү, һ, і)',
      columns: [
        { header: 'Сынып', kind: 'text' },
        { header: 'Оқушылар', kind: 'int' },
        { header: 'Үлгерім, %', kind: 'percent' },
        { header: 'Орташа балл', kind: 'decimal' },
      ],
      rows: [
        ...Array.from({ length: rows }, (_, i) => [`${(i % 11) + 1} Ә`, 25 + (i % 5), 99.2, 4.11]),
        ['Барлығы', 100, null, null],
      ],
      totalRows: 1,
    },
  ],
});

describe('report files', () => {
  it('names sheets within Excel limits: ≤ 31 characters, no forbidden characters, no duplicates', () => {
    const names = sheetNames(['A'.repeat(40), 'A'.repeat(40), 'x/y:z?', '']);
    expect(names.every((n) => n.length <= 31)).toBe(true);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    expect(names[2]).toBe('x y z');
  });

  it('formats PDF cells: one decimal for percentages, two for averages, a dash for "not applicable"', () => {
    expect(formatCell(99.2, 'percent')).toBe('99.2');
    expect(formatCell(100, 'percent')).toBe('100.0');
    expect(formatCell(4.1, 'decimal')).toBe('4.10');
    expect(formatCell(null, 'int')).toBe('—');
  });

  it('writes numbers as numbers and percentages as formatted fractions in XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc(3))) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.getRow(2).getCell(2).value).toBe(25);
    expect(sheet.getRow(2).getCell(3).value).toBe(0.992);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('0.0%');
    expect(sheet.getRow(5).getCell(1).value).toBe('Барлығы');
    expect(sheet.getRow(5).font?.bold).toBe(true);
  });

  it('paginates a long table in the PDF and embeds the DejaVu font', async () => {
    const one = (await renderPdf(doc(3), new Date('2026-11-01T00:00:00Z'))).toString('latin1');
    const many = (await renderPdf(doc(120), new Date('2026-11-01T00:00:00Z'))).toString('latin1');
    const pages = (s: string) => s.match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(one.startsWith('%PDF-')).toBe(true);
    expect(pages(one)).toBe(1);
    expect(pages(many)).toBeGreaterThanOrEqual(3);
    expect(many).toContain('DejaVuSans');
  });
});
