import { textTable } from '../cli/table.ts';

/** One line of the benchmark table: a figure, its reference in the same run, the goal it meets. */
export interface BenchRow {
  name: string;
  figure: string;
  reference?: string;
  /** Figure over reference (or over the goal's limit), when it has one. */
  ratio?: number;
  goal: string;
  met: boolean | null;
}

export function printTable(rows: readonly BenchRow[]): string {
  return textTable(
    ['benchmark', 'figure', 'reference', 'ratio', 'goal', 'met'],
    rows.map((r) => [
      r.name,
      r.figure,
      r.reference ?? '',
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
      r.goal,
      r.met === null ? '—' : r.met ? 'yes' : 'NO',
    ]),
    { separator: ' │ ', rule: '─┼─' },
  );
}

export function heapNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
