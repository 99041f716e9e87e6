/** Excel addresses: column letters ↔ numbers (A = 1, Z = 26, AA = 27), cells, merged areas. */
import type { MergedArea } from './index.ts';

export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The (row, column) of the top-left cell of an A1 address, sheet name and `$` ignored. */
export function parseCell(address: string): { row: number; column: number } {
  const bare = address.slice(address.lastIndexOf('!') + 1).replace(/\$/g, '');
  const match = /^([A-Z]+)(\d+)/i.exec(bare);
  if (!match) throw new Error(`not a cell address: ${address}`);
  return { row: Number(match[2]), column: columnIndex(match[1]!) };
}

/**
 * The merged areas of a `RangeAreas.address` (`Sheet1!A1:T1, Sheet1!B3:B4`), relative to the used
 * range starting at (firstRow, firstColumn), as `convertSheet` takes them.
 */
export function parseMergedAreas(address: string, firstRow = 1, firstColumn = 1): MergedArea[] {
  if (address.trim() === '') return [];
  return address.split(',').map((part) => {
    const bare = part.slice(part.lastIndexOf('!') + 1).trim();
    const [from, to = from] = bare.split(':') as [string, string?];
    const start = parseCell(from);
    const end = parseCell(to);
    return {
      row: start.row - firstRow + 1,
      column: start.column - firstColumn + 1,
      rowCount: end.row - start.row + 1,
      columnCount: end.column - start.column + 1,
    };
  });
}
