import { describe, expect, it } from 'vitest';
import { runCli } from './run-in-process.ts';

describe('minqing import', () => {
  it.each(['0', '17', '2.5', 'four'])(
    'refuses --concurrency %s before signing in, saying what is allowed',
    async (n) => {
      const { code, stderr } = await runCli([
        'import',
        'ledger.xlsx',
        '--server',
        'http://127.0.0.1:9',
        '--user',
        'YP-CB',
        '--concurrency',
        n,
      ]);
      expect(code).toBe(2);
      expect(stderr).toBe(`--concurrency 应为 1 到 16 的整数（收到「${n}」）`);
    },
  );
});
