/**
 * Rows under the header that are not records (docs/rules.md, paper-style input): blank spacers,
 * totals rows and sign-off footers. Each is recognised by the whole row, not by a word somewhere in
 * it: a record whose summary mentions 合计 or 审核 is still a record.
 */
import { enumKey, isBlank } from '../normalize.ts';
import type { Cell } from './index.ts';

export type IgnoredReason = 'BLANK_ROW' | 'TOTALS_ROW' | 'HEADER_ROW' | 'FOOTER_ROW';

/**
 * A totals label: the word alone or ending a short label (上半年小计, 本月合计), with a colon or a
 * count after it (合计：41件, 小计（3件）). Sentence punctuation before it means prose, not a label.
 */
const TOTALS_LABEL =
  /^[^,，。;；!！?？:：]{0,10}?(?:合计|小计|总计|共计|累计)(?:[:：]?(?:共?\d+[件户人次条项个起例]?|[（(]共?\d+[件户人次条项个起例]?[)）]))?$/;
/** What a clerk writes in a cell left empty on purpose. */
const FILLER = /^[-—–/\\、·.…]+$/;
/** A sign-off: who filled in, drew up, recorded or checked the sheet, or when, then a colon. */
const SIGN_OFF = /(?:填表人|制表人|建档人|记录人|审核人|审核|负责人|填报人|填报日期)[:：]/g;
/** A character every sign-off has, which keying leaves as it is. */
const SIGN_OFF_CHAR = /[填制建记审负]/;
/** A cell made of sign-offs starts with one. */
const SIGN_OFF_FIRST = /^(?:填表人|制表人|建档人|记录人|审核人|审核|负责人|填报人|填报日期)[:：]/;
/** The same word alone in its cell, the name in the next one. */
const SIGN_OFF_WORD = /^(?:填表人|制表人|建档人|记录人|审核人|审核|负责人|填报人|填报日期)$/;
/** A note under the table, recognised only as the first of few cells. */
const NOTE = /^(?:注|说明|备注)[:：]/;
/** Sentence punctuation: a signature or date after a sign-off has none. */
const PROSE = /[,，。;；!！?？]/;
const MAX_SIGNATURE = 20;

/** Why a row under the header is blank, a totals row or a footer; `null` otherwise. */
export function nonRecordReason(cells: readonly Cell[]): IgnoredReason | null {
  if (cells.every(isBlank)) return 'BLANK_ROW';
  if (isTotalsRow(cells)) return 'TOTALS_ROW';
  if (isFooterRow(cells)) return 'FOOTER_ROW';
  return null;
}

/** A totals label with nothing but counts beside it (共41件, 38, 95%). */
function isTotalsRow(cells: readonly Cell[]): boolean {
  // Nearly every record has a cell of plain words, which no totals row has: decided without
  // keying a cell, and most often by the first few.
  for (const cell of cells) if (typeof cell === 'string' && isPlainWords(cell)) return false;
  // 合计, 小计, 总计, 共计 and 累计 all end in 计, which keying leaves as it is: a row without it
  // is no totals row.
  if (!cells.some((cell) => typeof cell === 'string' && cell.includes('计'))) return false;
  let label = false;
  for (const cell of cells) {
    if (typeof cell === 'number' || isBlank(cell)) continue;
    const text = enumKey(String(cell));
    // 合计, 小计, 总计, 共计 and 累计 all end in 计: test the cheap way first.
    if (text.includes('计') && TOTALS_LABEL.test(text)) label = true;
    else if (!FILLER.test(text) && (!/\d/.test(text) || text.length > 30)) return false;
  }
  return label;
}

/**
 * Words with no digit (either width) and no 计: not a count, not filler (they hold a Chinese
 * character) and no totals label, whatever keying would make of them.
 */
function isPlainWords(cell: string): boolean {
  let words = false;
  for (let i = 0; i < cell.length; i++) {
    const ch = cell.charCodeAt(i);
    if ((ch >= 0x30 && ch <= 0x39) || (ch >= 0xff10 && ch <= 0xff19) || ch === 0x8ba1) return false;
    if (ch >= 0x4e00 && ch <= 0x9fff) words = true;
  }
  return words;
}

/**
 * Every filled cell a sign-off (填表人：李四, or several in one cell), or the name or date that
 * follows a sign-off left open in the cell before it; or a note (注：…) first of at most three.
 */
function isFooterRow(cells: readonly Cell[]): boolean {
  let open = false;
  let signed = true;
  let filled = 0;
  let first: Cell = null;
  for (const cell of cells) {
    if (isBlank(cell)) continue;
    filled++;
    first ??= cell;
    if (!signed) {
      if (filled > 3) return false;
      continue;
    }
    // Most rows: a first cell that cannot be a sign-off, told without keying it.
    if (!open && !(typeof cell === 'string' && SIGN_OFF_CHAR.test(cell))) {
      signed = false;
      continue;
    }
    const text = enumKey(String(cell).trim());
    const parts = signOffParts(text);
    if (parts) open = parts.at(-1) === '';
    else if (open && !PROSE.test(text) && text.length <= MAX_SIGNATURE) open = false;
    else signed = false;
  }
  if (signed) return true;
  return filled <= 3 && typeof first === 'string' && NOTE.test(enumKey(first));
}

/** What follows each sign-off of a cell made only of sign-offs, else `null`. */
function signOffParts(text: string): string[] | null {
  if (SIGN_OFF_WORD.test(text)) return [''];
  if (!SIGN_OFF_FIRST.test(text)) return null;
  const [before, ...parts] = text.split(SIGN_OFF);
  if (before !== '' || parts.length === 0) return null;
  const values = parts.map((part) => part.trim());
  return values.every((value) => value.length <= MAX_SIGNATURE && !PROSE.test(value))
    ? values
    : null;
}
