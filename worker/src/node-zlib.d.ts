/**
 * The one part of Node's API the Worker uses (workerd's `nodejs_compat`): zlib's inflation of a
 * request's gzip body, whose bytes come as a `Buffer` that decodes its UTF-8 (request-encoding.ts).
 * Declared alone, so that nothing else of Node's types — `process`, `fs` — seems to exist in the
 * Worker.
 */
declare module 'node:zlib' {
  /** A `Buffer` of inflated bytes, as far as the Worker reads it. */
  export interface InflatedBytes extends Uint8Array {
    toString(encoding?: 'utf8'): string;
  }
  /** Throws when the data is not gzip, or inflates past `maxOutputLength` bytes. */
  export function gunzipSync(data: Uint8Array, options: { maxOutputLength: number }): InflatedBytes;
}
