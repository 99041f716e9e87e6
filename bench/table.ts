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
  const header = ['benchmark', 'figure', 'reference', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [
    r.name,
    r.figure,
    r.reference ?? '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]!))));
  const line = (c: string[]) =>
    c.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join(
    '\n',
  );
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let n = 0;
  for (const ch of text)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}

export function heapNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
