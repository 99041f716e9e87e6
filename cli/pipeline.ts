/**
 * A bounded pipeline for work that is read here and sent to a server, as `minqing import` does:
 * items are read in order, one at a time (reading is CPU work on this thread; several at once
 * would only make each wait longer), and each is sent as soon as it is read, while the next ones
 * are read and the earlier ones are still being answered. A sequential import spends most of its
 * time waiting for the Worker, which answers faster with more than one request in hand (its
 * requests wait on D1 much of the time), so the sends overlap each other as well as the reading.
 */

export interface PipelineOptions<T> {
  count: number;
  /**
   * How many items are in hand at once — read and not yet answered: 1 reads, sends and waits for
   * each in turn; N reads up to N items ahead of the answers, which bounds the memory they hold.
   */
  size: number;
  read: (index: number) => Promise<T>;
  /**
   * Items with the same key are sent one after another in the order read (a ledger's versions);
   * `undefined` (or no `key`) sends an item whenever it is read.
   */
  key?: (item: T) => string | undefined;
  send: (index: number, item: T) => Promise<void>;
  /** Called for each item once answered, in the order read. */
  finished?: (index: number) => void;
}

/**
 * Runs `read(i)` then `send(i, item)` for every `i` in `0 … count − 1`; resolves when every item
 * is answered, rejects with the first error either stage throws (nothing more is read or sent
 * after it).
 */
export async function pipeline<T>(options: PipelineOptions<T>): Promise<void> {
  const { count, size, read, key = () => undefined, send, finished = () => {} } = options;
  const answered = Array.from({ length: count }, () => deferred());
  const done: boolean[] = [];
  let reported = 0;
  // Set by the sends' callbacks, which the compiler's narrowing does not see.
  let failure = null as { error: unknown } | null;
  let free = size;
  let wake = null as (() => void) | null;
  const release = () => {
    free++;
    wake?.();
  };
  const lastOfKey = new Map<string, number>();
  const sending: Promise<void>[] = [];

  for (let index = 0; index < count; index++) {
    while (free === 0 && !failure) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (failure) break;
    free--;
    let item: T;
    try {
      item = await read(index);
    } catch (error) {
      failure ??= { error };
      break;
    }
    const itemKey = key(item);
    const earlier = itemKey === undefined ? undefined : lastOfKey.get(itemKey);
    if (itemKey !== undefined) lastOfKey.set(itemKey, index);
    const sent = (async () => {
      if (earlier !== undefined) await answered[earlier]!.promise;
      if (failure) return;
      await send(index, item);
      done[index] = true;
      while (reported < count && done[reported]) finished(reported++);
    })();
    sending.push(
      sent
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          // Also on failure: the items waiting for this one stop instead of waiting forever.
          answered[index]!.resolve();
          release();
        }),
    );
  }
  await Promise.all(sending);
  if (failure) throw failure.error;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
