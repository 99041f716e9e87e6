/**
 * Keyset pagination: a cursor is the sort value and id of the last item returned, so a page costs
 * the same however deep it lies and no item is skipped or repeated when rows are added meanwhile.
 */
import { z } from 'zod';
import { fail } from './errors.ts';

export const MAX_PAGE = 500;

export const pageQuery = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
};

export type CursorValue = string | number | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return btoa(encodeURIComponent(JSON.stringify(values)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

const isCursorValue = (value: unknown): value is CursorValue =>
  value === null ||
  (typeof value === 'string' && value.length <= 200) ||
  (typeof value === 'number' && Number.isFinite(value));

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    const values = JSON.parse(
      decodeURIComponent(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))),
    ) as unknown;
    // Only what `encodeCursor` writes: anything else would reach SQL as a value D1 cannot bind.
    if (Array.isArray(values) && values.length === length && values.every(isCursorValue)) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  fail(400, 'INVALID_CURSOR');
}

/**
 * The WHERE condition that continues after a cursor (sort value `value`, id `id`, both SQL
 * parameters), for `ORDER BY column, id` both ascending or both descending. SQLite sorts NULL
 * lowest: first when ascending, last when descending.
 */
export function afterCursor(
  column: string,
  descending: boolean,
  value: string,
  id: string,
): string {
  return descending
    ? `(${column} < ${value} OR (${column} IS ${value} AND id < ${id}) OR (${value} IS NOT NULL AND ${column} IS NULL))`
    : `(${column} > ${value} OR (${column} IS ${value} AND id > ${id}) OR (${value} IS NULL AND ${column} IS NOT NULL))`;
}

/** A page of items and the cursor of the next page (`null` at the end). */
export function page<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => CursorValue[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
