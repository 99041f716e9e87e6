/**
 * Splitting rows into consecutive chunks whose JSON (an array, or an object of keyed rows) stays
 * within a byte limit: the Worker binds each chunk as one D1 string, the add-in writes each as one
 * Excel request.
 */

export interface RowChunk<T> {
  /** Index of the chunk's first row in the input. */
  start: number;
  rows: T[];
  /** The chunk as JSON, at most the limit's bytes (UTF-8). */
  json: string;
}

/** How a chunk is written: a JSON array of the rows, or an object of `[key, value]` rows. */
export interface ChunkFormat<T> {
  open: string;
  close: string;
  /** One row's JSON within the chunk (an array's element, an object's member). */
  json: (row: T) => string;
}

export const JSON_ARRAY: ChunkFormat<unknown> = { open: '[', close: ']', json: JSON.stringify };

/** Rows `[key, value]` as the members of one JSON object (keys unique). */
export const JSON_OBJECT: ChunkFormat<readonly [string, unknown]> = {
  open: '{',
  close: '}',
  json: ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`,
};

/**
 * The rows in order, cut before a row that would take its chunk's JSON past `maxBytes`; none for
 * none. Rows whose JSON surely fits (three bytes at most a UTF-16 unit) are one chunk, uncounted;
 * else each row's UTF-8 is counted.
 */
export function chunkRows<T>(
  rows: readonly T[],
  maxBytes: number,
  format: ChunkFormat<T> = JSON_ARRAY,
): RowChunk<T>[] {
  const jsons = rows.map((row) => format.json(row));
  const empty = format.open.length + format.close.length; // ASCII: as many bytes
  const joined = (parts: readonly string[]) => `${format.open}${parts.join(',')}${format.close}`;
  let most = empty;
  for (const json of jsons) most += json.length * 3 + 1;
  if (rows.length > 0 && most <= maxBytes)
    return [{ start: 0, rows: [...rows], json: joined(jsons) }];
  const encoder = new TextEncoder();
  // Each row's UTF-8 is written here only to be counted: one buffer, grown when a row needs it,
  // not a new array per row.
  let scratch = new Uint8Array(4096);
  const utf8Bytes = (json: string) => {
    if (json.length * 3 > scratch.length) scratch = new Uint8Array(json.length * 3);
    return encoder.encodeInto(json, scratch).written;
  };
  const chunks: RowChunk<T>[] = [];
  let start = 0;
  let size = empty;
  const close = (end: number) =>
    chunks.push({ start, rows: rows.slice(start, end), json: joined(jsons.slice(start, end)) });
  jsons.forEach((json, i) => {
    const bytes = utf8Bytes(json) + 1; // with its comma
    if (i > start && size + bytes > maxBytes) {
      close(i);
      start = i;
      size = empty;
    }
    size += bytes;
  });
  if (rows.length > 0) close(rows.length);
  return chunks;
}
