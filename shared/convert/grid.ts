/**
 * A sheet's cells as the converter reads them: every cell of a merged area reads as the area's
 * first (master) cell, which is the only one Excel gives a value.
 */
import { trimAll } from '../normalize.ts';
import type { Cell, MergedArea } from './index.ts';

export class Grid {
  readonly values: readonly Cell[][];
  /** The widest row's length. */
  readonly width: number;
  /** Every other cell of a merged area (by `r * width + c`, 0-based) → its master cell. */
  private readonly masters = new Map<number, number>();

  constructor(values: readonly Cell[][], merges: readonly MergedArea[]) {
    this.values = values;
    this.width = values.reduce((max, row) => Math.max(max, row.length), 0);
    const width = this.width;
    for (const m of merges) {
      const top = m.row - 1;
      const left = m.column - 1;
      const master = top * width + left;
      for (let r = top; r < Math.min(top + m.rowCount, values.length); r++) {
        for (let c = left; c < Math.min(left + m.columnCount, width); c++) {
          if (r !== top || c !== left) this.masters.set(r * width + c, master);
        }
      }
    }
  }

  /** The cell at (r, c), 0-based, read through its merged area. */
  cell(r: number, c: number): Cell | undefined {
    const master = this.masters.get(r * this.width + c);
    if (master === undefined) return this.values[r]?.[c];
    return this.values[Math.floor(master / this.width)]?.[master % this.width];
  }

  /** The cell's text, trimmed (`''` for an empty cell). */
  textAt(r: number, c: number): string {
    const cell = this.cell(r, c);
    return cell === null || cell === undefined ? '' : trimAll(String(cell));
  }

  /** True for a cell of a merged area other than its master (it shows the master's value). */
  isMerged(r: number, c: number): boolean {
    return this.masters.has(r * this.width + c);
  }
}
