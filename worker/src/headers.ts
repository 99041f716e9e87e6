/**
 * Headers on every API answer: nothing a browser or a proxy may keep (residents' data must not stay
 * in a shared cache or a browser's disk cache) and no content-type sniffing of a JSON answer.
 */
import type { MiddlewareHandler } from 'hono';

export function noStore(): MiddlewareHandler {
  return async function noStore(c, next) {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
