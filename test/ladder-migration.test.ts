/**
 * Migration 0057 on a district that was swept before it: each case's level, current due date,
 * next sweep day and climbs move to its ladder row (docs/decisions/0018), and what the lists, the
 * detail and the next sweep read of it is what they read before. Run on node:sqlite with the
 * project's own migrations, as D1 runs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';

const MIGRATIONS = path.join(import.meta.dirname, '../worker/migrations');
const LADDER = '0057_case_ladder.sql';
const NOW = '2026-11-01T00:00:00Z';

const db = new DatabaseSync(':memory:');
const apply = (file: string) => db.exec(readFileSync(path.join(MIGRATIONS, file), 'utf8'));
const rows = (sql: string, ...params: (string | number)[]) => db.prepare(sql).all(...params);

function insertCase(unit: string, caseNo: string, level: number, due: string | null, on: string) {
  const { id } = db
    .prepare(
      `INSERT INTO cases (unit, area, owner_unit, natural_key, period, case_no, received_on,
         reporter_name, summary, first_receiver, status, level, current_due, sweep_on, data,
         submission_id, created_at, updated_at)
       VALUES (?1, ?1, ?1, ?2, '2026', ?2, '2026-09-01', '王建华', '垃圾箱房异味严重', '李敏', '办理中',
         ?3, ?4, ?5, '{}', 'before', ?6, ?6) RETURNING id`,
    )
    .get(unit, caseNo, level, due, on, NOW) as { id: number };
  return id;
}

function event(caseId: number, at: string, kind: string, reason: string, actor: string) {
  db.prepare(
    `INSERT INTO case_events (case_id, at, kind, from_level, to_level, reason, actor, after, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
  ).run(
    caseId,
    at,
    kind,
    kind === 'climb' ? Number(reason === 'OVERDUE') : null,
    kind === 'climb' ? Number(reason === 'OVERDUE') + 1 : null,
    reason,
    actor,
    kind === 'climb' ? null : '{"remarks":"已上门"}',
    NOW,
  );
}

let swept: number;
let fresh: number;
let fromSubdistrict: number;

beforeAll(() => {
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const file of files.filter((f) => f < LADDER)) apply(file);
  const unit = db.prepare(
    'INSERT INTO units (code, name, kind, parent, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)',
  );
  unit.run('YP', '杨浦区', 'district', null, NOW);
  unit.run('YP-CB', '长白新村街道', 'subdistrict', 'YP', NOW);
  unit.run('YP-CB-001', '长白一村', 'residential', 'YP-CB', NOW);

  // Swept up to 区 by two climbs, and edited since; one never swept; one a sub-district took in.
  swept = insertCase('YP-CB-001', 'L-1', 2, '2026-11-20', '2026-11-21');
  event(swept, '2026-09-09', 'climb', 'NO_REPLY', 'sweep');
  event(swept, '2026-10-14', 'update', '', 'YP-CB-001');
  event(swept, '2026-10-20', 'climb', 'OVERDUE', 'YP');
  // (The edit marked it; the sweep that wrote the second climb looked at it and set its day.)
  db.prepare("UPDATE cases SET sweep_on = '2026-11-21' WHERE id = ?1").run(swept);
  fresh = insertCase('YP-CB-001', 'L-2', 0, null, '');
  fromSubdistrict = insertCase('YP-CB', 'L-3', 2, '2026-10-30', '9999-12-31');
  db.prepare(
    `INSERT INTO sweep_state (district, rules, swept_on, updated_at)
     VALUES ('YP', 'rules', '2026-10-31', ?1)`,
  ).run(NOW);

  apply(LADDER);
});

describe('migration 0057: the sweep’s results beside the case', () => {
  it('keeps each case’s level and current due date, as the lists and the detail read them', () => {
    expect(
      rows('SELECT id, level, current_due, received_level FROM case_rows ORDER BY id'),
    ).toEqual(
      [
        { id: swept, level: 2, current_due: '2026-11-20', received_level: 0 },
        { id: fresh, level: 0, current_due: null, received_level: 0 },
        // The level it was received at is the submitting unit's: a sub-district's case starts at 街道.
        { id: fromSubdistrict, level: 2, current_due: '2026-10-30', received_level: 1 },
      ].map((row) => expect.objectContaining(row)),
    );
  });

  it('moves the climbs, in their order and with who recorded them, and keeps the other steps', () => {
    expect(rows('SELECT at, from_level, to_level, reason, actor FROM case_climbs')).toEqual([
      { at: '2026-09-09', from_level: 0, to_level: 1, reason: 'NO_REPLY', actor: 'sweep' },
      { at: '2026-10-20', from_level: 1, to_level: 2, reason: 'OVERDUE', actor: 'YP' },
    ]);
    expect(rows('SELECT case_id, kind FROM case_events')).toEqual([
      { case_id: swept, kind: 'update' },
    ]);
  });

  it('keeps when the next sweep looks at each case, and counts every case so far as seen', () => {
    expect(rows('SELECT case_id, sweep_on FROM case_ladder ORDER BY case_id')).toEqual([
      { case_id: swept, sweep_on: '2026-11-21' },
      // Never swept: marked, so the next sweep looks at it.
      { case_id: fresh, sweep_on: '' },
      { case_id: fromSubdistrict, sweep_on: '9999-12-31' },
    ]);
    expect(rows('SELECT seen_id FROM sweep_state')).toEqual([{ seen_id: fromSubdistrict }]);
  });

  it('marks a case on its ladder row when what escalation reads of it changes', () => {
    db.prepare("UPDATE cases SET status = '已办结' WHERE id = ?1").run(fromSubdistrict);
    const [row] = rows('SELECT sweep_on FROM case_ladder WHERE case_id = ?1', fromSubdistrict);
    expect((row as { sweep_on: string }).sweep_on).toMatch(/^!/);
  });
});
