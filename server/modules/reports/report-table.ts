/**
 * A report laid out for a file: titled tables of typed columns, already translated. The XLSX and PDF writers
 * (report.xlsx.ts, report.pdf.ts) only render it, so both formats always say the same thing.
 */
export type ColumnKind = 'text' | 'int' | 'percent' | 'decimal';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Relative width (PDF) / characters (XLSX); a default per kind otherwise. */
  width?: number;
}

export type Cell = string | number | null;

export interface ReportTable {
  /** The XLSX sheet's name (cut to 31 characters, forbidden characters replaced). */
  sheetName: string;
  title: string;
  subtitle?: string;
  columns: ReportColumn[];
  rows: Cell[][];
  /** How many trailing rows are totals (set in bold). */
  totalRows?: number;
}

export interface ReportDocument {
  title: string;
  tables: ReportTable[];
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]; and two sheets may not share a name. */
export function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base =
      raw
        .replace(/[:\\/?*[\]]/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** A number as the PDF shows it: percentages and averages with their decimals, a dash for "not applicable". */
export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (kind === 'percent') return value.toFixed(1);
  if (kind === 'decimal') return value.toFixed(2);
  return String(value);
}
