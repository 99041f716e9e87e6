/** Small helpers every query module shares: the clock, the org tree from D1, audit rows. */
import { CHINA_OFFSET_MS } from '../../shared/calendar.ts';
import { buildOrgTree, type OrgTree, type Unit } from '../../shared/org.ts';

/**
 * Bytes (UTF-8) of JSON per bound string: D1 takes at most 2,000,000 bytes per string or BLOB, 100
 * KB of SQL text and 100 bound parameters per statement; 10% below the string limit is the margin.
 */
export const CHUNK_BYTES = 1_800_000;

export const nowIso = (): string => new Date().toISOString();

export { todayInChina } from '../../shared/calendar.ts';

/** The current instant in China Standard Time, ISO with its offset: its first 10 characters are the day. */
export function chinaNowIso(now = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** An instant shown to people: `2026-05-03 14:05` in China Standard Time. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Reaches D1 with the smallest query: the health check's proof the database answers. */
export async function pingDatabase(db: D1Database): Promise<void> {
  await db.prepare('SELECT 1').first();
}

/** The read of every unit, for a batch; `orgFrom` its result is the organisation. */
export const unitsStatement = (db: D1Database) =>
  db.prepare('SELECT code, name, kind, parent FROM units ORDER BY code');

export const orgFrom = (units: D1Result): OrgTree => buildOrgTree(units.results as Unit[]);

export async function loadUnits(db: D1Database): Promise<Unit[]> {
  return (await unitsStatement(db).all<Unit>()).results;
}

export async function loadOrg(db: D1Database): Promise<OrgTree> {
  return orgFrom(await unitsStatement(db).all());
}

export interface AuditEntry {
  actor: string | null;
  action: string;
  unit?: string | null;
  target?: string | null;
  detail?: unknown;
  /**
   * Written only if the statement just before it in the batch changed a row (SQLite's `changes()`):
   * a conditional change (a version or status guard) that a concurrent request won is not
   * recorded as done. Put the audit statement right after the change.
   */
  ifApplied?: boolean;
}

/** The audit row of a change, to go into the same `db.batch()` as the change itself. */
export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (at, actor, action, unit, target, detail)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6${entry.ifApplied ? ' WHERE changes() > 0' : ''}`,
    )
    .bind(
      nowIso(),
      entry.actor,
      entry.action,
      entry.unit ?? null,
      entry.target ?? null,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
    );
}
