/**
 * The one part of Node's API the Worker uses (workerd's `nodejs_compat`): `Buffer`'s UTF-8 decoding
 * of a request's inflated body (request-encoding.ts). Declared alone, so that nothing else of
 * Node's types — `process`, `fs` — seems to exist in the Worker.
 */
declare module 'node:buffer' {
  export const Buffer: {
    from(bytes: ArrayBuffer): { toString(encoding: 'utf8'): string };
  };
}
