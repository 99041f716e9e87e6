import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readOrgFile } from '../../cli/org.ts';
import { generateDemoDistrict } from '../../scripts/demo-data.ts';
import { LEDGER_KINDS, LEDGERS, naturalKeys, validateRows } from './index.ts';

const org = readOrgFile();
const ctx = { org, unit: 'YP-CB', asOf: '2026-11-16' };

const resolvedCase = {
  caseNo: 'CB-1',
  receivedOn: '2026-03-01',
  channel: '来电',
  reporterName: '王秀英',
  reporterPhone: '13912345678',
  address: '长白路1号',
  area: 'YP-CB-001',
  category: '环境卫生',
  summary: '垃圾箱房异味',
  firstReceiver: '陆建华',
  assignee: null,
  dispatchedOn: null,
  handler: null,
  plan: null,
  status: '已办结',
  repliedOn: '2026-03-02',
  resolvedOn: '2026-03-10',
  result: '已清运',
  signedOff: true,
  revisitOn: '2026-03-12',
  satisfaction: '满意',
  remarks: null,
};

describe('validateRows', () => {
  it('accepts a canonical record unchanged, and the zod schema agrees', () => {
    const { records, issues } = validateRows('case', [{ row: 2, values: resolvedCase }], ctx);
    expect(issues).toEqual([]);
    expect(records).toEqual([{ row: 2, values: resolvedCase }]);
    expect(LEDGERS.case.schema.safeParse(resolvedCase).success).toBe(true);
  });

  it('rejects a resolved case without a result, in the row and field, in zod too', () => {
    const values = { ...resolvedCase, result: null };
    const { records, issues } = validateRows('case', [{ row: 7, values }], ctx);
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        row: 7,
        field: 'result',
        code: 'RESOLVED_WITHOUT_RESULT',
        message: '办理状态为“已办结”时必须填写「办理结果」',
      },
    ]);
    const parsed = LEDGERS.case.schema.safeParse(values);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['result'],
      message: 'RESOLVED_WITHOUT_RESULT',
    });
  });

  it('rejects a rating before any reply, a signature without resolution and dates out of order', () => {
    const values = {
      ...resolvedCase,
      status: '办理中',
      resolvedOn: null,
      result: null,
      repliedOn: '2026-02-01',
      revisitOn: null,
    };
    const { issues } = validateRows('case', [{ row: 3, values }], ctx);
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['repliedOn', 'DATE_BEFORE_RECEIVED'],
      ['satisfaction', 'RATED_BEFORE_REPLY'],
      ['signedOff', 'SIGNED_WITHOUT_RESOLUTION'],
    ]);
  });

  it('takes a dispatch date on or after receipt, not in the future, and only with a 承办单位', () => {
    const row = (values: Record<string, unknown>) =>
      validateRows('case', [{ row: 3, values: { ...resolvedCase, ...values } }], ctx).issues.map(
        (i) => [i.field, i.code],
      );
    expect(row({ assignee: '区房管局', dispatchedOn: '2026-03-01', handler: '张伟' })).toEqual([]);
    expect(row({ assignee: '区房管局', dispatchedOn: '2026-02-28' })).toEqual([
      ['dispatchedOn', 'DATE_BEFORE_RECEIVED'],
    ]);
    expect(row({ assignee: '区房管局', dispatchedOn: '2099-01-01' })).toEqual([
      ['dispatchedOn', 'FUTURE_DATE'],
    ]);
    expect(row({ dispatchedOn: '2026-03-02' })).toEqual([
      ['dispatchedOn', 'DISPATCHED_WITHOUT_ASSIGNEE'],
    ]);
  });

  it('names the other date of an out-of-order pair by its label, in either language', () => {
    const values = { ...resolvedCase, repliedOn: '2026-02-01' };
    const messages = (['zh', 'en'] as const).map(
      (locale) => validateRows('case', [{ row: 1, values }], { ...ctx, locale }).issues[0]!.message,
    );
    expect(messages).toEqual([
      '「答复日期」2026-02-01 早于「受理日期」2026-03-01',
      '"Replied on" 2026-02-01 is before "Received on" 2026-03-01',
    ]);
  });

  it('rejects fields that are not part of the ledger and values of the wrong type', () => {
    const { issues } = validateRows(
      'case',
      [{ row: 1, values: { ...resolvedCase, injected: 'x', summary: { $gt: '' } } }],
      ctx,
    );
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['injected', 'UNKNOWN_FIELD'],
      ['summary', 'BAD_TYPE'],
    ]);
  });

  it('rejects an area outside the submitting unit and one that does not exist', () => {
    const { issues } = validateRows(
      'case',
      [
        { row: 1, values: { ...resolvedCase, area: '国定一居民区' } },
        { row: 2, values: { ...resolvedCase, caseNo: 'CB-2', area: '火星村' } },
      ],
      ctx,
    );
    expect(issues.map((i) => [i.row, i.code])).toEqual([
      [1, 'NOT_IN_UNIT'],
      [2, 'UNKNOWN_UNIT'],
    ]);
  });

  it('splits a veto written with its reason and rates a unit under its code', () => {
    const { records, issues } = validateRows(
      'evaluation',
      [
        {
          row: 3,
          values: {
            period: '2026年度',
            subjectKind: '单位',
            subject: '区城管执法局',
            evaluatorGroup: '党委',
            overall: '满意',
            veto: '是（不作为）',
          },
        },
      ],
      { ...ctx, unit: 'YP' },
    );
    expect(issues).toEqual([]);
    expect(records[0]!.values).toMatchObject({
      subject: 'YP-D-CG',
      veto: true,
      vetoReason: '不作为',
    });
  });

  it('gives repeated ratings their own identities, stable across resubmissions', () => {
    const rating = {
      period: '2026',
      subjectKind: '单位',
      subject: 'YP-CB',
      evaluatorGroup: '群众',
    };
    expect(
      naturalKeys('evaluation', [rating, rating, { ...rating, evaluatorGroup: '党委' }]),
    ).toEqual(['2026|单位|YP-CB|群众#1', '2026|单位|YP-CB|群众#2', '2026|单位|YP-CB|党委#1']);
  });

  it('reads a form written on many rows the same on every row, beyond the first 4,096 forms', () => {
    // 5,000 rows, 4,500 distinct phones written with spaces; every 10th row received in 2027.
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      row: i + 2,
      values: {
        ...resolvedCase,
        caseNo: `CB-${i}`,
        reporterPhone: `139 ${String(i % 4500).padStart(4, '0')} 0000`,
        receivedOn: i % 10 === 9 ? '2027.1.5' : '2026.3.1',
      },
    }));
    const { records, issues } = validateRows('case', rows, ctx);
    expect(records).toHaveLength(4500);
    expect(issues).toHaveLength(500);
    expect(
      issues.every((issue) => issue.field === 'receivedOn' && issue.code === 'FUTURE_DATE'),
    ).toBe(true);
    expect(issues.at(-1)!.row).toBe(5001);
    // Row 4,602 (i = 4,600) repeats the form of row 102: 139 0100 0000.
    const byRow = new Map(records.map((r) => [r.row, r.values]));
    expect(byRow.get(4602)!.reporterPhone).toBe('13901000000');
    expect(byRow.get(102)!.reporterPhone).toBe('13901000000');
    expect(byRow.get(4500)!.reporterPhone).toBe('13944980000');
    expect(byRow.get(4500)!.receivedOn).toBe('2026-03-01');
  });

  it('never throws and names row, field and code for any hostile row', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constant("'); DROP TABLE cases; --"),
      fc.constant('=HYPERLINK("http://x")'),
      fc.constant('\u0000\u001b'),
      fc.string({ minLength: 3000, maxLength: 3000 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.object(),
    );
    // A valid row of each ledger (from the demo district) to overlay hostile values on, so that
    // some rows pass and the schema check below has something to check.
    const valid = Object.fromEntries(
      LEDGER_KINDS.map((kind) => [
        kind,
        generateDemoDistrict(org, { seed: 1 }).find((s) => s.kind === kind)!.rows[0]!.values,
      ]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...LEDGER_KINDS),
        fc.dictionary(
          fc.constantFrom('caseNo', 'receivedOn', 'area', 'summary', 'x', 'period', 'veto'),
          hostile,
        ),
        fc.boolean(),
        (kind, hostileValues, overlay) => {
          const values = overlay ? { ...valid[kind], ...hostileValues } : hostileValues;
          const { records, issues } = validateRows(kind, [{ row: 9, values }], {
            ...ctx,
            unit: 'YP',
          });
          expect(records.length + (issues.length > 0 ? 1 : 0)).toBe(1);
          // Whatever the validator accepts, the ledger's zod schema (the API's contract) accepts too.
          for (const record of records) {
            expect(LEDGERS[kind].schema.safeParse(record.values).error).toBeUndefined();
          }
          for (const issue of issues) {
            expect(issue).toMatchObject({
              row: 9,
              field: expect.any(String),
              code: expect.stringMatching(/^[A-Z_]+$/),
            });
          }
        },
      ),
    );
  });
});
