/**
 * Report sheets described as plain data and laid out top to bottom — shared by the Office writer
 * (`report.ts`) and the in-memory workbook.
 */
import type { Cell } from '../../shared/convert/index.ts';

export interface ReportColumn {
  header: string;
  /** Excel number format, e.g. `0.0%`; text columns use `@`. */
  format?: string;
  /** Width in points. */
  width?: number;
}

export interface ReportSection {
  heading?: string;
  columns: ReportColumn[];
  rows: Cell[][];
}

/** A native chart over a section's first `series + 1` columns (categories, then values). */
export interface ReportChart {
  name: string;
  type: 'ColumnClustered' | 'Line';
  title: string;
  section: number;
  series: number;
}

export type ReportRule =
  | { kind: 'colorScale'; section: number; column: number }
  | { kind: 'text'; section: number; column: number; text: string; fill: string; font: string };

export interface ReportSheet {
  name: string;
  title: string;
  subtitle?: string;
  sections: ReportSection[];
  charts?: ReportChart[];
  rules?: ReportRule[];
  /** Print-ready: landscape and centred; `A4` also sets the paper and repeats the header rows. */
  print?: boolean | 'A4';
}

export interface ReportLayout {
  grid: Cell[][];
  formats: string[][];
  width: number;
  /** 1-based rows to set in bold (title, headings, column headers). */
  boldRows: number[];
  /** Where each section's header row and data rows are (1-based). */
  sections: { headerRow: number; firstRow: number; rowCount: number; columns: number }[];
}

/** Lays a report out top to bottom: title, subtitle, then each section with a blank row between. */
export function layoutReport(spec: ReportSheet): ReportLayout {
  const width = Math.max(1, ...spec.sections.map((s) => s.columns.length));
  const grid: Cell[][] = [];
  const formats: string[][] = [];
  const boldRows: number[] = [];
  const sections: ReportLayout['sections'] = [];
  const push = (cells: Cell[], format: (c: number) => string = () => '@') => {
    grid.push(Array.from({ length: width }, (_, c) => cells[c] ?? ''));
    formats.push(Array.from({ length: width }, (_, c) => format(c)));
    return grid.length;
  };
  boldRows.push(push([spec.title]));
  if (spec.subtitle) push([spec.subtitle]);
  for (const section of spec.sections) {
    push([]);
    if (section.heading) boldRows.push(push([section.heading]));
    const headerRow = push(section.columns.map((c) => c.header));
    boldRows.push(headerRow);
    for (const row of section.rows) push(row, (c) => section.columns[c]?.format ?? 'General');
    sections.push({
      headerRow,
      firstRow: headerRow + 1,
      rowCount: section.rows.length,
      columns: section.columns.length,
    });
  }
  return { grid, formats, width, boldRows, sections };
}
