/**
 * Splitting rows into consecutive chunks whose JSON array stays within a byte limit: the Worker
 * binds each chunk as one D1 string, the add-in writes each as one Excel request.
 */

export interface RowChunk<T> {
  /** Index of the chunk's first row in the input. */
  start: number;
  rows: T[];
  /** The chunk as a JSON array, at most the limit's bytes (UTF-8). */
  json: string;
}

/** The rows in order, cut before a row that would take its chunk's JSON past `maxBytes`; none for none. */
export function chunkRows<T>(rows: readonly T[], maxBytes: number): RowChunk<T>[] {
  const encoder = new TextEncoder();
  const chunks: RowChunk<T>[] = [];
  let start = 0;
  let parts: string[] = [];
  let size = 2; // the brackets
  const close = (end: number) =>
    chunks.push({ start, rows: rows.slice(start, end), json: `[${parts.join(',')}]` });
  rows.forEach((row, i) => {
    const json = JSON.stringify(row);
    const bytes = encoder.encode(json).length + 1; // with its comma
    if (parts.length > 0 && size + bytes > maxBytes) {
      close(i);
      start = i;
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += bytes;
  });
  if (parts.length > 0) close(rows.length);
  return chunks;
}
