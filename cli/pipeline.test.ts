import { describe, expect, it } from 'vitest';
import { pipeline } from './pipeline.ts';

/** A promise the test settles by hand, to hold a stage where it wants. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pipeline', () => {
  it('with size 1 reads, sends and waits for each item in turn', async () => {
    const steps: string[] = [];
    await pipeline({
      count: 3,
      size: 1,
      read: async (i) => {
        steps.push(`read ${i}`);
        await tick();
        return i * 10;
      },
      send: async (i, item) => {
        steps.push(`send ${i}:${item}`);
        await tick();
        steps.push(`answered ${i}`);
      },
    });
    expect(steps).toEqual([
      'read 0',
      'send 0:0',
      'answered 0',
      'read 1',
      'send 1:10',
      'answered 1',
      'read 2',
      'send 2:20',
      'answered 2',
    ]);
  });

  it('reads and sends ahead of the answers, never holding more than size items', async () => {
    const answers = [gate(), gate(), gate(), gate(), gate()];
    const reads: number[] = [];
    const sends: number[] = [];
    const finished: number[] = [];
    const running = pipeline({
      count: 5,
      size: 3,
      read: async (i) => {
        reads.push(i);
        return i;
      },
      send: async (i) => {
        sends.push(i);
        await answers[i]!.opened;
      },
      finished: (i) => finished.push(i),
    });
    await tick();
    // Three in hand, all sent; the fourth is read only once one of them is answered.
    expect({ reads, sends, finished }).toEqual({
      reads: [0, 1, 2],
      sends: [0, 1, 2],
      finished: [],
    });
    answers[1]!.open();
    await tick();
    // Item 1 answered first: 3 is read and sent, but 1 is reported only after 0.
    expect({ reads, sends, finished }).toEqual({
      reads: [0, 1, 2, 3],
      sends: [0, 1, 2, 3],
      finished: [],
    });
    answers[0]!.open();
    await tick();
    expect(finished).toEqual([0, 1]);
    for (const answer of answers) answer.open();
    await running;
    expect({ reads, sends, finished }).toEqual({
      reads: [0, 1, 2, 3, 4],
      sends: [0, 1, 2, 3, 4],
      finished: [0, 1, 2, 3, 4],
    });
  });

  it('sends items of one key one after another, in the order read', async () => {
    const answers = [gate(), gate(), gate()];
    const sends: string[] = [];
    const running = pipeline({
      count: 3,
      size: 3,
      read: async (i) => ['ledger A', 'ledger B', 'ledger A'][i]!,
      key: (ledger) => ledger,
      send: async (i, ledger) => {
        sends.push(`${i} ${ledger}`);
        await answers[i]!.opened;
      },
    });
    await tick();
    // The second file of ledger A waits for the first to be answered; ledger B does not.
    expect(sends).toEqual(['0 ledger A', '1 ledger B']);
    answers[1]!.open();
    await tick();
    expect(sends).toEqual(['0 ledger A', '1 ledger B']);
    answers[0]!.open();
    await tick();
    expect(sends).toEqual(['0 ledger A', '1 ledger B', '2 ledger A']);
    answers[2]!.open();
    await running;
  });

  it('sends in the order given even when a later item is read faster', async () => {
    const sends: number[] = [];
    await pipeline({
      count: 4,
      size: 4,
      read: async (i) => {
        // The first item takes longest to read.
        for (let t = 0; t < 4 - i; t++) await tick();
        return i;
      },
      send: async (i) => {
        sends.push(i);
      },
    });
    expect(sends).toEqual([0, 1, 2, 3]);
  });

  it('stops reading at the first error and rejects with it', async () => {
    const reads: number[] = [];
    const sends: number[] = [];
    const running = pipeline({
      count: 6,
      size: 2,
      read: async (i) => {
        reads.push(i);
        return i;
      },
      send: async (i) => {
        if (i === 1) throw new Error('server gone');
        sends.push(i);
      },
    });
    await expect(running).rejects.toThrow('server gone');
    await tick();
    expect(sends).toEqual([0]);
    // Two in hand: item 1 fails before a third is read, and nothing is read after the failure.
    expect(reads).toEqual([0, 1]);
  });

  it('rejects with a read error, having sent the items before it', async () => {
    const sends: number[] = [];
    const running = pipeline({
      count: 4,
      size: 2,
      read: async (i) => {
        if (i === 2) throw new Error('disk error');
        return i;
      },
      send: async (i) => {
        sends.push(i);
      },
    });
    await expect(running).rejects.toThrow('disk error');
    expect(sends).toEqual([0, 1]);
  });
});
