import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_KINDS, LEDGERS } from '../../shared/ledgers/index.ts';
import unchecked from '../migrations/0051_ledger_kinds_unchecked.sql?raw';
import { seedDemoOrg, testEnv } from '../test/helpers.ts';
import { LEDGER_TABLES } from './ledger-tables.ts';

const db = () => testEnv.DB;

async function columnsOf(table: string): Promise<string[]> {
  const { results } = await db()
    .prepare('SELECT name FROM pragma_table_info(?1)')
    .bind(table)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** Every column a ledger's storage or list filters name. */
function namedColumns(kind: (typeof LEDGER_KINDS)[number]): string[] {
  const spec = LEDGER_TABLES[kind];
  const filters = Object.values(LEDGERS[kind].filters).flatMap((f) =>
    'equals' in f ? [f.equals] : 'within' in f ? [f.within] : 'int' in f ? [f.int] : [],
  );
  return [
    ...Object.keys(spec.columns),
    ...Object.keys(spec.extras ?? {}),
    ...Object.values(spec.sortColumns),
    ...spec.textColumns,
    ...(spec.jsonColumns ?? []),
    ...(spec.extrasFollow ?? []).flatMap((rule) => [rule.column, ...rule.extras]),
    ...(spec.extrasAlways ?? []),
    ...filters,
  ];
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
    const columns = await columnsOf(LEDGER_TABLES[kind].table);
    expect(columns.length).toBeGreaterThan(0);
    for (const column of namedColumns(kind)) expect(columns).toContain(column);
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
