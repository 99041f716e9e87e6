/**
 * Request bodies sent compressed (`Content-Encoding: gzip`), as the add-in and the CLI send a
 * ledger: a 10,000-row ledger is about 4.7 MB of JSON and about a twentieth of that compressed,
 * which is what a committee's line has to carry (docs/decisions/0017). The body is inflated here,
 * its inflated size held to the same limit as a body sent plain and refused by the same `tooLarge`
 * (a small body cannot unpack into a huge one), and handed to the route as the body it reads:
 * validation and the idempotency check see the JSON whichever way it travelled. Any other encoding
 * is refused; a body without one passes as it is.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { fail } from './errors.ts';

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
    const body = await inflate(raw.body, maxBytes, tooLarge);
    const headers = new Headers(raw.headers);
    headers.delete('Content-Encoding');
    headers.set('Content-Length', String(body.byteLength));
    c.req.raw = new Request(raw.url, { method: raw.method, headers, body });
    return next();
  };
}

/**
 * The body inflated, whole, as bytes. The runtime joins the pieces; only their sizes pass through
 * this code, and the first piece past `maxBytes` stops the inflation.
 */
async function inflate(
  body: ReadableStream<BufferSource>,
  maxBytes: number,
  tooLarge: () => never,
): Promise<ArrayBuffer> {
  let size = 0;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(piece, controller) {
      size += piece.byteLength;
      if (size > maxBytes) controller.error(new Error('inflated body over the limit'));
      else controller.enqueue(piece);
    },
  });
  try {
    return await new Response(
      body.pipeThrough(new DecompressionStream('gzip')).pipeThrough(limit),
    ).arrayBuffer();
  } catch {
    if (size > maxBytes) tooLarge();
    fail(400, 'CONTENT_ENCODING_INVALID');
  }
}
