/** Units in D1 and the shape rules of the org tree every change must keep. */
import { buildOrgTree, type Unit, type UnitKind } from '../../shared/org.ts';
import { nowIso } from './db.ts';
import { fail } from './errors.ts';
import type { UnitNode } from './schemas.ts';

/** The kind of parent each kind of unit needs (departments belong to the district). */
const PARENT_KIND: Record<UnitKind, UnitKind | null> = {
  district: null,
  subdistrict: 'district',
  residential: 'subdistrict',
  department: 'district',
};

/**
 * Throws 409/422 unless the units form a valid tree: every parent exists and has the right kind,
 * and no unit lies below itself.
 */
export function checkTree(units: readonly Unit[]): void {
  const org = buildOrgTree(units);
  for (const unit of units) {
    const wanted = PARENT_KIND[unit.kind];
    if (unit.parent === null) {
      if (wanted !== null) fail(422, 'BAD_PARENT', { kind: unit.kind, parentKind: '-' });
      continue;
    }
    const parent = org.get(unit.parent);
    if (!parent) fail(422, 'UNIT_NOT_FOUND', { unit: unit.parent });
    if (parent.kind !== wanted)
      fail(422, 'BAD_PARENT', { kind: unit.kind, parentKind: parent.kind });
  }
  for (const unit of units) {
    // Walking up from a unit must end at a unit without a parent; in a cycle it never does.
    const top = org.get(org.path(unit.code)[0]!);
    if (top?.parent !== null) fail(422, 'UNIT_CYCLE', { unit: unit.code });
  }
}

/** Insert or update one unit, keeping its creation time. */
export function upsertUnitStatement(db: D1Database, unit: Unit): D1PreparedStatement {
  const now = nowIso();
  return db
    .prepare(
      `INSERT INTO units (code, name, kind, parent, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
         parent = excluded.parent, updated_at = excluded.updated_at
       WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind OR parent IS NOT excluded.parent`,
    )
    .bind(unit.code, unit.name, unit.kind, unit.parent, now);
}

/** Nested view of a subtree, for clients that draw the tree. */

export function nest(units: readonly Unit[], root: string): UnitNode | null {
  const org = buildOrgTree(units);
  const build = (code: string): UnitNode | null => {
    const unit = org.get(code);
    if (!unit) return null;
    return { ...unit, children: org.children(code).map((u) => build(u.code)!) };
  };
  return build(root);
}

/** Units ordered parents first, so every parent row exists before its children are written. */
export function parentsFirst(units: readonly Unit[], all: readonly Unit[] = units): Unit[] {
  const byCode = new Map(all.map((u) => [u.code, u]));
  const depth = (unit: Unit) => {
    let n = 0;
    for (let u: Unit | undefined = unit; u?.parent && n < 10; u = byCode.get(u.parent)) n++;
    return n;
  };
  return [...units].sort((a, b) => depth(a) - depth(b) || a.code.localeCompare(b.code));
}

/** How many units still in use have `code` as their parent. */
export async function activeChildCount(db: D1Database, code: string): Promise<number> {
  const row = await db
    .prepare('SELECT count(*) AS n FROM units WHERE parent = ?1 AND removed_at IS NULL')
    .bind(code)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Marks a unit removed (撤销): its records stay, it takes no more submissions or accounts. */
export function removeUnitStatement(
  db: D1Database,
  code: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare('UPDATE units SET removed_at = ?2 WHERE code = ?1 AND removed_at IS NULL')
    .bind(code, now);
}

/** Ends every open session of the accounts of these units (they sign in again, at once). */
export function revokeSessionsOfStatement(
  db: D1Database,
  units: readonly string[],
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sessions SET revoked_at = ?2
        WHERE revoked_at IS NULL AND account_id IN (
          SELECT id FROM accounts WHERE unit IN (SELECT value FROM json_each(?1)))`,
    )
    .bind(JSON.stringify(units), now);
}

/** Whether the unit exists and is not removed (撤销): its accounts may sign in. */
export async function unitActive(db: D1Database, code: string): Promise<boolean> {
  const unit = await db
    .prepare('SELECT removed_at FROM units WHERE code = ?1')
    .bind(code)
    .first<{ removed_at: string | null }>();
  return unit !== null && unit.removed_at === null;
}
