/**
 * The reliability figures each end-to-end file counts. A file hands its figures to the test run
 * (`reportFigures` in its `afterAll`), and test/summary-reporter.ts prints one table summed over
 * every file that ran — so `npm run test:reliability` shows the load, the hostile input, the faults
 * and the attack findings together.
 */
import type { RunnerTestFile, RunnerTestSuite } from 'vitest';

export interface ReliabilityFigures {
  requests: number;
  concurrentClients: number;
  faultsInjected: number;
  hostileInputs: number;
  findingsReplayed: number;
  serverErrors: number;
  rowsLost: number;
  duplicates: number;
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: ReliabilityFigures;
  }
}

export function newFigures(): ReliabilityFigures {
  return {
    requests: 0,
    concurrentClients: 0,
    faultsInjected: 0,
    hostileInputs: 0,
    findingsReplayed: 0,
    serverErrors: 0,
    rowsLost: 0,
    duplicates: 0,
  };
}

/** Hands a file's figures to the run's summary (call from the file's top-level `afterAll`). */
export function reportFigures(
  suite: Readonly<RunnerTestSuite | RunnerTestFile>,
  figures: ReliabilityFigures,
): void {
  suite.meta.reliability = { ...figures };
}
