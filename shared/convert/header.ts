/**
 * The header row of a paper-style sheet and what each column holds: the row (within the first
 * rows) whose cells name the most fields of one ledger, the ledger kind it names, and each
 * column's field — by its label, a synonym, its group row above, or the clerk's correction.
 */
import { message } from '../i18n.ts';
import { LEDGER_KINDS, LEDGERS, type LedgerKind } from '../ledgers/index.ts';
import { enumKey } from '../normalize.ts';
import { columnLetter } from './columns.ts';
import type { Grid } from './grid.ts';
import {
  type ColumnMapping,
  type ConvertContext,
  ConvertError,
  type RememberedColumns,
} from './index.ts';

const HEADER_SCAN_ROWS = 20;

/** The comparable form of a header cell: no spaces or line breaks, no notes in brackets, no `*`. */
export function headerKey(text: string): string {
  return enumKey(text)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^[*※]+|[*※:：]+$/g, '');
}

interface FieldMatch {
  field: string;
  by: 'label' | 'synonym';
}

/** Header words of each ledger → field, labels first (a label beats another field's synonym). */
const HEADER_LOOKUP: Record<LedgerKind, Map<string, FieldMatch>> = Object.fromEntries(
  LEDGER_KINDS.map((kind) => {
    const lookup = new Map<string, FieldMatch>();
    for (const f of LEDGERS[kind].fields)
      lookup.set(headerKey(f.label.zh), { field: f.key, by: 'label' });
    for (const f of LEDGERS[kind].fields) {
      for (const word of [f.label.en, ...f.synonyms]) {
        const key = headerKey(word);
        if (!lookup.has(key)) lookup.set(key, { field: f.key, by: 'synonym' });
      }
    }
    return [kind, lookup];
  }),
) as Record<LedgerKind, Map<string, FieldMatch>>;

/** The header row (0-based) and the ledger it names; throws `ConvertError` when none does. */
export function findHeader(
  grid: Grid,
  ctx: ConvertContext,
): { kind: LedgerKind; headerIndex: number } {
  const height = grid.values.length;
  const kinds = ctx.kind ? [ctx.kind] : LEDGER_KINDS;
  const rowsToScan =
    ctx.headerRow !== undefined
      ? [ctx.headerRow - (ctx.firstRow ?? 1)]
      : Array.from({ length: Math.min(height, HEADER_SCAN_ROWS) }, (_, i) => i);
  let best: { kind: LedgerKind; headerIndex: number; score: number; labels: number } | null = null;
  for (const r of rowsToScan) {
    for (const kind of kinds) {
      const fields = new Set<string>();
      let labels = 0;
      for (let c = 0; c < grid.width; c++) {
        const match = HEADER_LOOKUP[kind].get(headerKey(grid.textAt(r, c)));
        if (match && !fields.has(match.field)) {
          fields.add(match.field);
          if (match.by === 'label') labels++;
        }
      }
      const score = fields.size;
      if (!best || score > best.score || (score === best.score && labels > best.labels)) {
        best = { kind, headerIndex: r, score, labels };
      }
    }
  }
  if (!best || best.score < 3 || best.headerIndex < 0 || best.headerIndex >= height) {
    throw new ConvertError(
      'NO_HEADER',
      message('NO_HEADER', { rows: HEADER_SCAN_ROWS }, ctx.locale ?? 'zh'),
    );
  }
  return best;
}

/** Each column's field (a column with no header and no field is left out) and the fields mapped. */
export function mapColumns(
  grid: Grid,
  headerIndex: number,
  kind: LedgerKind,
  ctx: ConvertContext,
): { columns: ColumnMapping[]; mapped: Set<string> } {
  const lookup = HEADER_LOOKUP[kind];
  const columns: ColumnMapping[] = [];
  const mapped = new Set<string>();
  for (let c = 0; c < grid.width; c++) {
    const letter = columnLetter((ctx.firstColumn ?? 1) + c);
    const header = grid.textAt(headerIndex, c);
    const group = headerIndex > 0 ? grid.textAt(headerIndex - 1, c) : '';
    let match: FieldMatch | { field: string | null; by: ColumnMapping['by'] } | undefined =
      lookup.get(headerKey(header));
    if (!match && group && group !== header) {
      const grouped = lookup.get(headerKey(group + header));
      if (grouped) match = { field: grouped.field, by: 'group' };
    }
    const recalled = rememberedField(ctx.remembered, kind, header);
    if (recalled !== undefined) match = { field: recalled, by: 'remembered' };
    if (ctx.columns && letter in ctx.columns) {
      const field = ctx.columns[letter] ?? null;
      match = { field, by: 'override' };
    }
    if (match?.field && mapped.has(match.field)) match = { field: null, by: 'repeat' };
    if (match?.field) mapped.add(match.field);
    if (header === '' && !match) continue;
    columns.push({ letter, header, field: match?.field ?? null, by: match?.by ?? 'none' });
  }
  return { columns, mapped };
}

/** The remembered field of a header, if it is still a field of the ledger (or `null`). */
function rememberedField(
  remembered: RememberedColumns | undefined,
  kind: LedgerKind,
  header: string,
): string | null | undefined {
  const byHeader = remembered?.[kind];
  const key = headerKey(header);
  if (!byHeader || key === '' || !Object.hasOwn(byHeader, key)) return undefined;
  const field = byHeader[key];
  if (field === null) return null;
  return LEDGERS[kind].fields.some((f) => f.key === field) ? field : undefined;
}
