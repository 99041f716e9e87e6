import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_KINDS, LEDGERS } from '../../shared/ledgers/index.ts';
import unchecked from '../migrations/0051_ledger_kinds_unchecked.sql?raw';
import storedOnce from '../migrations/0052_records_stored_once.sql?raw';
import changesOnly from '../migrations/0054_history_changes_only.sql?raw';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { LEDGER_TABLES, recordSql } from './ledger-tables.ts';

const db = () => testEnv.DB;

async function columnsOf(table: string): Promise<string[]> {
  const { results } = await db()
    .prepare('SELECT name FROM pragma_table_info(?1)')
    .bind(table)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** The columns a ledger's storage writes (in its table) and its lists read (in what they read). */
function namedColumns(kind: (typeof LEDGER_KINDS)[number]): { written: string[]; read: string[] } {
  const spec = LEDGER_TABLES[kind];
  const filters = Object.values(LEDGERS[kind].filters).flatMap((f) =>
    'equals' in f ? [f.equals] : 'within' in f ? [f.within] : 'int' in f ? [f.int] : [],
  );
  return {
    written: [
      ...Object.keys(spec.columns),
      ...Object.keys(spec.extras ?? {}),
      ...(spec.jsonColumns ?? []),
      ...(spec.extrasFollow ?? []).flatMap((rule) => [rule.column, ...rule.extras]),
      ...(spec.extrasAlways ?? []),
    ],
    read: [...Object.values(spec.sortColumns), ...spec.textColumns, ...filters],
  };
}

describe('the ledger registry', () => {
  it.each(LEDGER_KINDS)('maps the %s table only to fields its definition has', (kind) => {
    const fields = new Set(LEDGERS[kind].fields.map((f) => f.key));
    const spec = LEDGER_TABLES[kind];
    for (const field of Object.values(spec.columns)) expect(fields).toContain(field);
    for (const [column, field] of Object.entries(spec.fixed ?? {})) {
      expect(spec.columns[column]).toBe(field);
    }
    for (const column of [
      ...(spec.personalColumns ?? []),
      ...(spec.freeTextColumns ?? []),
      ...(spec.nameColumn ? [spec.nameColumn] : []),
    ]) {
      expect(spec.textColumns).toContain(column);
    }
    expect(Object.keys(spec.sortColumns)).toContain(spec.defaultSort.replace(/^-/, ''));
  });

  it.each(LEDGER_KINDS)('finds every %s column in D1 after the migrations', async (kind) => {
    const spec = LEDGER_TABLES[kind];
    const written = await columnsOf(spec.table);
    const read = await columnsOf(spec.readFrom ?? spec.table);
    expect(written.length).toBeGreaterThan(0);
    const named = namedColumns(kind);
    for (const column of named.written) expect(written).toContain(column);
    for (const column of [...named.written, ...named.read]) expect(read).toContain(column);
  });

  it('gives each kind its own table and API path', () => {
    const tables = LEDGER_KINDS.map((kind) => LEDGER_TABLES[kind].table);
    const paths = LEDGER_KINDS.map((kind) => LEDGERS[kind].path);
    expect(new Set(tables).size).toBe(LEDGER_KINDS.length);
    expect(new Set(paths).size).toBe(LEDGER_KINDS.length);
  });
});

describe('submissions and history without a list of kinds', () => {
  beforeAll(async () => {
    await seedDemoOrg();
  });

  const submission = (id: string, kind: string) =>
    db()
      .prepare(
        `INSERT INTO submissions (id, unit, kind, period, version, status, row_count, submitted_by, submitted_at)
         VALUES (?1, 'YP', ?2, '2026', 1, 'submitted', 2, 'tester', '2026-05-01T08:00:00+08:00')`,
      )
      .bind(id, kind);
  const history = (kind: string) =>
    db()
      .prepare(
        `INSERT INTO record_history (kind, record_id, version, before, after, submission_id, at, by)
         VALUES (?1, 7, 2, '{}', '{"a":1}', 'reg-sixth', '2026-05-01T08:00:00+08:00', 'tester')`,
      )
      .bind(kind);

  it('accepts a sixth ledger kind in submissions and record_history', async () => {
    await db().batch([submission('reg-sixth', 'petition'), history('petition')]);
    const stored = await db()
      .prepare(`SELECT kind FROM submissions WHERE id = 'reg-sixth'`)
      .first<{ kind: string }>();
    expect(stored?.kind).toBe('petition');
    const kept = await db()
      .prepare(`SELECT count(*) AS n FROM record_history WHERE kind = 'petition'`)
      .first<{ n: number }>();
    expect(kept?.n).toBe(1);
  });

  it('keeps every row and index when the tables are rebuilt', async () => {
    await db().batch([submission('reg-kept', 'visit'), history('visit')]);
    const count = async (table: string) =>
      (await db().prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n;
    const before = {
      submissions: await count('submissions'),
      history: await count('record_history'),
    };
    const statements = unchecked
      .split(/;\s*\n/)
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean);
    await db().batch(statements.map((sql) => db().prepare(sql)));
    expect(await count('submissions')).toBe(before.submissions);
    expect(await count('record_history')).toBe(before.history);
    const row = await db()
      .prepare(`SELECT unit, kind, status, row_count FROM submissions WHERE id = 'reg-kept'`)
      .first();
    expect(row).toEqual({ unit: 'YP', kind: 'visit', status: 'submitted', row_count: 2 });
    const indexes = await db()
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('submissions', 'record_history') AND sql IS NOT NULL ORDER BY name`,
      )
      .all<{ name: string }>();
    expect(indexes.results.map((r) => r.name)).toEqual([
      'record_history_record',
      'submissions_status',
      'submissions_unit_period',
    ]);
  });
});

/**
 * A record is stored once — its columns, `data` only what has none (docs/decisions/0013) — and
 * reads back exactly as submitted: booleans, nulls, lists, numbers and text that looks like one.
 * Every value of every field is given, so what comes back is what was sent.
 */
describe('records stored once read back exactly', () => {
  const area = 'YP-CB-002';
  const openCase = {
    caseNo: '0012',
    receivedOn: '2026-03-02',
    channel: '来电',
    reporterName: '王建华',
    reporterPhone: '13912341139',
    address: '长白路100弄3号',
    area,
    category: '环境卫生',
    summary: '垃圾箱房异味严重\n夏天尤甚',
    firstReceiver: '李敏',
    assignee: area,
    dispatchedOn: '2026-03-03',
    handler: '110',
    plan: null,
    status: '办理中',
    repliedOn: null,
    resolvedOn: null,
    result: null,
    signedOff: false,
    revisitOn: null,
    satisfaction: '未评价',
    remarks: '10.50',
  };
  const resolvedCase = {
    ...openCase,
    status: '已办结',
    repliedOn: '2026-03-04',
    resolvedOn: '2026-03-20',
    result: '已清运并消毒',
    signedOff: true,
    revisitOn: '2026-03-25',
    satisfaction: '满意',
  };
  const households = [
    {
      householdNo: '007',
      area,
      address: '长白路100弄3号101室',
      headName: '陈桂兰',
      phone: '021-65432100',
      members: 3,
      householdType: '独居老人',
      needs: '助餐',
      pairedCadre: '刘志强',
      pairedSince: '2026-01-05',
      lastVisitOn: '2026-05-14',
    },
    {
      householdNo: '008',
      area: null,
      address: '长白路100弄3号102室',
      headName: '周强',
      phone: null,
      members: null,
      householdType: null,
      needs: null,
      pairedCadre: null,
      pairedSince: null,
      lastVisitOn: null,
    },
  ];
  const visits = [
    {
      visitOn: '2026-05-14',
      cadre: '刘志强',
      rank: '科级',
      area,
      target: '陈桂兰',
      visitType: '走访帮困对象',
      content: '了解助餐需求',
      caseNos: ['0012', 'C-2'],
      signed: true,
    },
    {
      visitOn: '2026-05-15',
      cadre: '刘志强',
      rank: null,
      area: null,
      target: null,
      visitType: null,
      content: '定点接待',
      caseNos: [],
      signed: null,
    },
  ];
  const evaluations = [
    {
      period: '2026',
      subjectKind: '干部',
      subject: '刘志强',
      evaluatorGroup: '党委',
      attendance: 90,
      spirit: 85.5,
      serviceAwareness: 0,
      problemSolving: null,
      overall: '基本满意',
      veto: true,
      vetoReason: '不作为',
    },
    {
      period: '2026H1',
      subjectKind: '干部',
      subject: '刘志强',
      evaluatorGroup: '群众',
      attendance: null,
      spirit: null,
      serviceAwareness: null,
      problemSolving: null,
      overall: '满意',
      veto: false,
      vetoReason: null,
    },
  ];
  const cadres = [
    {
      cadreNo: '0042',
      name: '刘志强',
      unit: 'YP-CB',
      post: '副主任',
      rank: '科级',
      contactArea: area,
    },
    { cadreNo: '0043', name: '张伟', unit: null, post: null, rank: null, contactArea: null },
  ];

  const ledgers = [
    { kind: 'case', unit: area, rows: [openCase] },
    { kind: 'household', unit: area, rows: households },
    { kind: 'visit', unit: area, rows: visits },
    { kind: 'evaluation', unit: 'YP', rows: evaluations },
    { kind: 'cadre', unit: 'YP', rows: cadres },
  ] as const;

  let sequence = 0;
  async function submit(unit: string, kind: string, rows: readonly Record<string, unknown>[]) {
    const res = await api('/api/submissions', {
      method: 'POST',
      token: await login(unit),
      headers: { 'Idempotency-Key': `stored-once-${++sequence}` },
      json: { kind, unit, period: '2026', rows: rows.map((values, i) => ({ row: i + 3, values })) },
    });
    expect(res.status).toBe(201);
    return body<{ id: string; inserted: number; updated: number; unchanged: number }>(res);
  }
  /** Each record of the unit's ledger as GET /api/<kind>/:id answers it, in sheet order. */
  async function records(kind: (typeof LEDGER_KINDS)[number], unit: string) {
    const { results } = await db()
      .prepare(`SELECT id FROM ${LEDGER_TABLES[kind].table} WHERE unit = ?1 ORDER BY id`)
      .bind(unit)
      .all<{ id: number }>();
    return Promise.all(
      results.map(
        async ({ id }) =>
          (
            await body<{ record: { id: number; values: Record<string, unknown> } }>(
              await api(`${LEDGERS[kind].path}/${id}`, { token: await login(unit) }),
            )
          ).record,
      ),
    );
  }
  const exported = async (unit: string, id: string) =>
    (
      await body<{ rows: { values: Record<string, unknown> }[] }>(
        await api(`/api/submissions/${id}`, { token: await login(unit) }),
      )
    ).rows.map((r) => r.values);

  beforeAll(async () => {
    await seedDemoOrg();
  });

  it('gives back every ledger kind as submitted: by GET, in its export', async () => {
    for (const { kind, unit, rows } of ledgers) {
      const { id } = await submit(unit, kind, rows);
      expect((await records(kind, unit)).map((r) => r.values)).toEqual(rows);
      expect(await exported(unit, id)).toEqual(rows);
    }
  });

  it("keeps a case's versions whole in its history, by submission and by edit", async () => {
    await submit(area, 'case', [resolvedCase]);
    const [record] = await records('case', area);
    expect(record!.values).toEqual(resolvedCase);
    const id = record!.id;
    const token = await login(area);
    const edit = await api(`/api/cases/${id}`, {
      method: 'PATCH',
      token,
      json: { remarks: '已回访', signedOff: false },
    });
    expect(edit.status).toBe(200);
    const edited = { ...resolvedCase, remarks: '已回访', signedOff: false };
    expect((await records('case', area))[0]!.values).toEqual(edited);
    const history = await body<{
      versions: { version: number; before: unknown; after: unknown }[];
    }>(await api(`/api/cases/${id}/history`, { token }));
    expect(
      history.versions.map(({ version, before, after }) => ({ version, before, after })),
    ).toEqual([
      { version: 2, before: openCase, after: resolvedCase },
      { version: 3, before: resolvedCase, after: edited },
    ]);
  });

  it('stores of each change only the values it made; migration 0054 trims history stored whole', async () => {
    const [record] = await records('case', area);
    const token = await login(area);
    const history = async () => (await api(`/api/cases/${record!.id}/history`, { token })).json();
    const stored = async () =>
      (
        await db()
          .prepare(
            'SELECT before, after FROM record_history WHERE kind = ?1 AND record_id = ?2 ORDER BY version',
          )
          .bind('case', record!.id)
          .all<{ before: string; after: string }>()
      ).results.map((r) => ({ before: JSON.parse(r.before), after: JSON.parse(r.after) }));
    // Version 2 (a submission) resolved the case; version 3 (an edit) changed two fields.
    const changes = [
      {
        before: {
          status: '办理中',
          repliedOn: null,
          resolvedOn: null,
          result: null,
          signedOff: false,
          revisitOn: null,
          satisfaction: '未评价',
        },
        after: {
          status: '已办结',
          repliedOn: '2026-03-04',
          resolvedOn: '2026-03-20',
          result: '已清运并消毒',
          signedOff: true,
          revisitOn: '2026-03-25',
          satisfaction: '满意',
        },
      },
      {
        before: { signedOff: true, remarks: '10.50' },
        after: { signedOff: false, remarks: '已回访' },
      },
    ];
    expect(await stored()).toEqual(changes);
    const answered = await history();

    // The rows as the Worker wrote them before: whole records before and after each change.
    const edited = { ...resolvedCase, remarks: '已回访', signedOff: false };
    await db().batch(
      [
        [openCase, resolvedCase],
        [resolvedCase, edited],
      ].map(([before, after], i) =>
        db()
          .prepare(
            'UPDATE record_history SET before = ?3, after = ?4 WHERE kind = ?1 AND record_id = ?2 AND version = ?5',
          )
          .bind('case', record!.id, JSON.stringify(before), JSON.stringify(after), i + 2),
      ),
    );
    expect(await history()).toEqual(answered);
    const statements = changesOnly
      .split(/;\s*\n/)
      .map((sql) => sql.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean);
    await db().batch(statements.map((sql) => db().prepare(sql)));
    expect(await stored()).toEqual(changes);
    expect(await history()).toEqual(answered);
  });

  it('migration 0052: records whose data kept the whole record read the same after it', async () => {
    const before = await Promise.all(ledgers.map(({ kind, unit }) => records(kind, unit)));
    // The rows as the Worker wrote them before: `data` the whole record, beside its columns.
    await db().batch(
      LEDGER_KINDS.map((kind) => {
        const { table } = LEDGER_TABLES[kind];
        return db().prepare(`UPDATE ${table} SET data = ${recordSql(kind, table)}`);
      }),
    );
    const whole = await db()
      .prepare(`SELECT data FROM households WHERE unit = ?1 ORDER BY id`)
      .bind(area)
      .all<{ data: string }>();
    expect(whole.results.map((r) => JSON.parse(r.data))).toEqual(households);

    const statements = storedOnce
      .split(/;\s*\n/)
      .map((sql) => sql.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean);
    await db().batch(statements.map((sql) => db().prepare(sql)));

    for (const kind of LEDGER_KINDS) {
      const kept = await db()
        .prepare(`SELECT DISTINCT data FROM ${LEDGER_TABLES[kind].table}`)
        .all<{ data: string }>();
      expect(kept.results).toEqual([{ data: '{}' }]);
    }
    expect(await Promise.all(ledgers.map(({ kind, unit }) => records(kind, unit)))).toEqual(before);
    // The same as a new submission writes: an unchanged resubmission changes nothing.
    const again = await submit(area, 'household', households);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });
});
