/**
 * Request bodies sent compressed (`Content-Encoding: gzip`), as the add-in and the CLI send a
 * ledger: a 10,000-row ledger is about 4.7 MB of JSON and about a twentieth of that compressed,
 * which is what a committee's line has to carry (docs/decisions/0017). The body is inflated here,
 * its inflated size held to the same limit as a body sent plain and refused by the same `tooLarge`
 * (a small body cannot unpack into a huge one), and handed to the route as the body it reads:
 * validation and the idempotency check see the JSON whichever way it travelled. Any other encoding
 * is refused; a body without one passes as it is.
 */
import { gunzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { fail } from './errors.ts';

/** Inflated bytes: a `Buffer`, which decodes its UTF-8 itself. */
type InflatedBytes = ReturnType<typeof gunzipSync>;

export function inflateRequestBody(
  maxBytes: number,
  tooLarge: () => never,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const encoding = c.req.header('Content-Encoding')?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return next();
    if (encoding !== 'gzip') fail(415, 'CONTENT_ENCODING_UNSUPPORTED', { encoding });
    const { raw } = c.req;
    if (!raw.body) return next();
    // Inflated before the route reads it, so a refusal is this one, not "malformed JSON".
    const inflated = inflate(await raw.arrayBuffer(), maxBytes, tooLarge);
    const body = ownBytes(inflated);
    const headers = new Headers(raw.headers);
    headers.delete('Content-Encoding');
    headers.set('Content-Length', String(body.byteLength));
    c.req.raw = new Request(raw.url, { method: raw.method, headers, body });
    // What every reader of the body gets (`c.req.json()`, `text()`, `arrayBuffer()` read Hono's
    // cache): the bytes as inflated and their text, not read once more through the new request's
    // stream. The cache holds each body as a promise, though its type names the value.
    c.req.bodyCache.arrayBuffer = Promise.resolve(body) as unknown as ArrayBuffer;
    c.req.bodyCache.text = Promise.resolve(utf8Text(inflated)) as unknown as string;
    return next();
  };
}

/**
 * The body's text, as `Response.text()` gives it (a leading byte order mark dropped, a broken
 * sequence replaced), decoded by the runtime's `Buffer`: for a ledger's Chinese text it took about
 * two thirds of the time of `text()` or a `TextDecoder`, which decode it through ICU.
 */
function utf8Text(bytes: InflatedBytes): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The bytes as an `ArrayBuffer` of their own (a view's whole buffer is not copied). */
function ownBytes(view: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = view;
  if (byteOffset === 0 && byteLength === buffer.byteLength) return buffer as ArrayBuffer;
  return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
}

/** The smallest gzip member: a 10-byte header, an empty deflate block and the 8-byte trailer. */
const GZIP_MIN_BYTES = 20;
/** A gzip member's first two bytes (RFC 1952); the third, 8, is its deflate. */
const GZIP_MAGIC = 0x1f8b;

/**
 * The body inflated, whole, as bytes, by the runtime's zlib in one call (a `DecompressionStream`
 * took two to five times as long for a ledger, in chunks through promises). A gzip body ends with
 * its inflated size (ISIZE, RFC 1952): a size past `maxBytes` is refused before anything is
 * inflated, the inflation is stopped at `maxBytes`, and anything but the size stated is refused as
 * broken — so a body that understates it never grows past the limit a plain body has too.
 */
function inflate(compressed: ArrayBuffer, maxBytes: number, tooLarge: () => never): InflatedBytes {
  const view = new DataView(compressed);
  // Not gzip at all (its magic number and deflate): broken, whatever its last bytes say.
  const isGzip =
    compressed.byteLength >= GZIP_MIN_BYTES &&
    view.getUint16(0) === GZIP_MAGIC &&
    view.getUint8(2) === 8;
  if (!isGzip) fail(400, 'CONTENT_ENCODING_INVALID');
  const stated = view.getUint32(compressed.byteLength - 4, true);
  if (stated > maxBytes) tooLarge();
  let inflated: InflatedBytes;
  try {
    // Stopped past the limit, not past the size stated: workerd's zlib refuses some outputs of
    // exactly `maxOutputLength` bytes (tested). One byte more or fewer than stated is checked below.
    inflated = gunzipSync(new Uint8Array(compressed), { maxOutputLength: maxBytes });
  } catch {
    fail(400, 'CONTENT_ENCODING_INVALID');
  }
  if (inflated.byteLength !== stated) fail(400, 'CONTENT_ENCODING_INVALID');
  return inflated;
}
