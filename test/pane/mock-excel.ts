/**
 * The task pane in the browser on Excel's API as office-addin-mock gives it: `Excel.run` hands
 * the pane's own Excel layer (addin/excel/office-workbook.ts) the context of a `FakeExcel`, and a
 * minimal `Office` says the host is Excel with every requirement set and Office's theme colours.
 * Test support only (built by the pane test, never part of the add-in).
 */
import { FakeExcel } from '../../test/excel/fake-excel.ts';

const excel = new FakeExcel([]);
const stub = {
  Office: {
    HostType: { Excel: 'Excel' },
    onReady: (ready: (info: { host: string }) => void) => {
      ready({ host: 'Excel' });
      return Promise.resolve({ host: 'Excel' });
    },
    context: {
      requirements: { isSetSupported: () => true },
      officeTheme: {
        bodyBackgroundColor: '#ffffff',
        bodyForegroundColor: '#262626',
        controlBackgroundColor: '#f3f2f1',
        controlForegroundColor: '#262626',
      },
    },
  },
  Excel: {
    run: <T>(_options: unknown, batch: (ctx: Excel.RequestContext) => Promise<T>) =>
      batch(excel.context),
  },
  minqing: { excel },
};
Object.assign(globalThis, stub);
await import('../../addin/src/main.ts');
