/**
 * A bounded two-stage pipeline for work that is read here and sent to a server one by one, as
 * `minqing import` does: the items are read in order, one at a time, while the server answers the
 * previous ones, and sent in the same order, one at a time. Reading is CPU work on this thread
 * (reading several at once would only make each one wait longer) and the local Worker writes one
 * request at a time, so what there is to gain is overlapping the two stages and sending the next
 * item as soon as the last is answered.
 */

export interface PipelineOptions<T> {
  count: number;
  /**
   * How many items are in hand at once — read and not yet answered, counting the one being sent:
   * 1 reads, sends and waits for each in turn; N reads up to N − 1 ahead, which bounds the memory
   * the read items hold.
   */
  size: number;
  read: (index: number) => Promise<T>;
  send: (index: number, item: T) => Promise<void>;
}

/**
 * Runs `read(i)` then `send(i, item)` for every `i` in `0 … count − 1`; resolves when the last
 * item is sent, rejects with the first error either stage throws (nothing more is read after it).
 */
export async function pipeline<T>({ count, size, read, send }: PipelineOptions<T>): Promise<void> {
  const items = Array.from({ length: count }, () => deferred<T>());
  const answered = Array.from({ length: count }, () => deferred<void>());
  let stopped = false;
  const reading = (async () => {
    for (let index = 0; index < count && !stopped; index++) {
      if (index >= size) await answered[index - size]!.promise;
      if (stopped) return;
      try {
        items[index]!.resolve(await read(index));
      } catch (error) {
        items[index]!.reject(error);
        return;
      }
    }
  })();
  try {
    for (let index = 0; index < count; index++) {
      await send(index, await items[index]!.promise);
      answered[index]!.resolve();
    }
  } finally {
    // On an error, the reader stops at its next step instead of waiting for sends that never come.
    stopped = true;
    for (const done of answered) done.resolve();
  }
  await reading;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  // A read that fails after the sender stopped is never awaited; it must not crash the process.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
