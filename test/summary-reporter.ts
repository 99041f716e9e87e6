import type { Reporter, TestModule } from 'vitest/node';
import { newFigures, type ReliabilityFigures } from './e2e/figures.ts';

const ROWS: [keyof ReliabilityFigures, string][] = [
  ['requests', 'requests sent'],
  ['concurrentClients', 'concurrent clients'],
  ['faultsInjected', 'faults injected'],
  ['hostileInputs', 'hostile inputs tried'],
  ['findingsReplayed', 'findings replayed'],
  ['serverErrors', '500s seen'],
  ['rowsLost', 'rows lost'],
  ['duplicates', 'duplicates'],
];

/** One table of the reliability figures the end-to-end files reported, summed (clients: the most). */
function reliabilityTable(testModules: ReadonlyArray<TestModule>): string | null {
  const reported = testModules.flatMap((m) => m.meta().reliability ?? []);
  if (reported.length === 0) return null;
  const total = newFigures();
  for (const figures of reported) {
    for (const [key] of ROWS) {
      total[key] =
        key === 'concurrentClients'
          ? Math.max(total[key], figures[key])
          : total[key] + figures[key];
    }
  }
  return [
    'reliability figures',
    ...ROWS.map(([key, label]) => `  ${label.padEnd(22)}${total[key]}`),
  ].join('\n');
}

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own summary,
 * so CI and people read the same counts whatever vitest's output looks like — after the one table
 * of reliability figures when end-to-end files reported some (test/e2e/figures.ts).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && module.children.size === 0) failed++;
    }
    const table = reliabilityTable(testModules);
    if (table) console.log(`\n${table}`);
    console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
