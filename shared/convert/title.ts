/** What the title rows above the header state: the ledger's year and the unit that fills it in. */
import { type OrgTree, shortUnitName } from '../org.ts';
import type { Grid } from './grid.ts';

/** The texts of the rows above the header, each merged area once. */
export function titleTexts(grid: Grid, headerIndex: number): string[] {
  const texts: string[] = [];
  for (let r = 0; r < headerIndex; r++) {
    for (let c = 0; c < grid.width; c++) {
      const text = grid.textAt(r, c);
      if (text !== '' && !grid.isMerged(r, c)) texts.push(text);
    }
  }
  return texts;
}

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/;

export function yearOf(texts: readonly string[]): number | null {
  // The title states the ledger's year; a 填报日期 line is the filing date, used only as a fallback.
  const ordered = [...texts.filter((t) => !/日期/.test(t)), ...texts.filter((t) => /日期/.test(t))];
  for (const text of ordered) {
    const match = YEAR.exec(text);
    if (match) return Number(match[1]);
  }
  return null;
}

export function unitOf(texts: readonly string[], org: OrgTree): string | null {
  for (const text of texts) {
    const named = /(?:填报|报送|填表)?单位\s*[:：]\s*(\S+)/.exec(text);
    if (named) {
      const unit = org.find(named[1]!);
      if (unit) return unit.code;
    }
  }
  for (const text of texts) {
    let code: string | null = null;
    let length = 0;
    for (const unit of org.units) {
      for (const name of [unit.name, shortUnitName(unit.name)]) {
        if (name.length >= 2 && name.length > length && text.includes(name)) {
          code = unit.code;
          length = name.length;
        }
      }
    }
    if (code !== null) return code;
  }
  return null;
}
