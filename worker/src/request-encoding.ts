/**
 * Request bodies sent compressed (`Content-Encoding: gzip`), as the add-in and the CLI send a
 * ledger: a 10,000-row ledger is about 4 MB of JSON and a tenth of that compressed, which is what a
 * committee's line has to carry (docs/decisions/0017). The body is inflated here, its inflated size
 * held to the same limit as a body sent plain (a small body cannot unpack into a huge one), and
 * handed to the route as the text it reads: validation and the idempotency check see the JSON
 * whichever way it travelled. Any other encoding is refused; a body without one passes as it is.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { fail, RouteError } from './errors.ts';

export function inflateRequestBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const encoding = c.req.header('Content-Encoding')?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return next();
    if (encoding !== 'gzip') fail(415, 'CONTENT_ENCODING_UNSUPPORTED', { encoding });
    const { raw } = c.req;
    if (!raw.body) return next();
    // Inflated before the route reads it, so a refusal is this one, not "malformed JSON".
    const { text, bytes } = await inflate(raw.body, maxBytes);
    const headers = new Headers(raw.headers);
    headers.delete('Content-Encoding');
    headers.set('Content-Length', String(bytes));
    c.req.raw = new Request(raw.url, { method: raw.method, headers, body: text });
    return next();
  };
}

async function inflate(
  body: ReadableStream<BufferSource>,
  maxBytes: number,
): Promise<{ text: string; bytes: number }> {
  const reader = body.pipeThrough(new DecompressionStream('gzip')).getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        fail(413, 'PAYLOAD_TOO_LARGE', { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (error instanceof RouteError) throw error;
    fail(400, 'CONTENT_ENCODING_INVALID');
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes: size };
}
