/** Plain-text tables for the terminal, aligned for Chinese text (CJK characters take two columns). */

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Columns a text takes in a terminal. */
export function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** A header and rows, columns padded to line up; `rule` draws a line under the header. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  { separator = '  ', rule = '' }: { separator?: string; rule?: string } = {},
): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell)),
      )
      .join(separator);
  const ruler = rule ? [widths.map((w) => '─'.repeat(w)).join(rule)] : [];
  return [line(header), ...ruler, ...rows.map(line)].join('\n');
}
