/**
 * The organisation tree: district → sub-district/town → residential area/village, with the
 * district's functional departments beside it. Pure data and lookups, shared by every part.
 */

export const UNIT_KINDS = ['district', 'subdistrict', 'residential', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  /** Stable code, e.g. `YP`, `YP-CB`, `YP-CB-012`, `YP-D-HR`. */
  code: string;
  /** Full name as written on official documents, e.g. 长白一村居民区. */
  name: string;
  kind: UnitKind;
  /** Code of the parent unit; `null` for the district. Departments belong to the district. */
  parent: string | null;
}

/** Suffixes a clerk may leave off when writing a unit's name (docs/rules.md, Normalisation). */
const NAME_SUFFIXES = ['办事处', '居民委员会', '村民委员会', '居民区', '居委会', '村委会', '街道'];

/** A unit's name without its suffix: 长白一村居民区 → 长白一村. */
export function shortUnitName(name: string): string {
  for (const suffix of NAME_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  }
  return name;
}

/** How a unit shows on a sheet: its name as clerks write it (上理, 区房管局), else the code. */
export function unitLabel(org: OrgTree | undefined, code: string): string {
  const unit = org?.get(code);
  return unit ? shortUnitName(unit.name) : code;
}

export interface OrgTree {
  readonly units: readonly Unit[];
  /** The unit with this code, or `null`. */
  get(code: string): Unit | null;
  /** The unit written as a code, a full name or a name without its suffix; `null` if none. */
  find(written: string): Unit | null;
  /** Direct children of a unit, in tree order. */
  children(code: string): Unit[];
  /** True when `code` is `ancestor` itself or lies below it. */
  isWithin(code: string, ancestor: string): boolean;
  /** The unit and everything below it, in tree order. */
  subtree(code: string): Unit[];
  /** Codes from the district down to this unit. */
  path(code: string): string[];
  /** The district at the top of this unit's tree. */
  districtOf(code: string): Unit | null;
}

/** Builds the lookups of an organisation tree from its units (any order). */
export function buildOrgTree(units: readonly Unit[]): OrgTree {
  const byCode = new Map<string, Unit>();
  const byName = new Map<string, Unit>();
  const childrenOf = new Map<string, Unit[]>();
  for (const unit of units) byCode.set(unit.code, unit);
  for (const unit of units) {
    byName.set(unit.name, unit);
    const short = shortUnitName(unit.name);
    if (!byName.has(short)) byName.set(short, unit);
    if (unit.parent !== null) {
      const list = childrenOf.get(unit.parent) ?? [];
      list.push(unit);
      childrenOf.set(unit.parent, list);
    }
  }

  const get = (code: string) => byCode.get(code) ?? null;
  const path = (code: string): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    let unit = get(code);
    while (unit && !seen.has(unit.code)) {
      seen.add(unit.code);
      out.unshift(unit.code);
      unit = unit.parent === null ? null : get(unit.parent);
    }
    return out;
  };
  const subtree = (code: string): Unit[] => {
    const root = get(code);
    if (!root) return [];
    const out: Unit[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const unit = stack.pop()!;
      out.push(unit);
      const kids = childrenOf.get(unit.code) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  };

  return {
    units,
    get,
    find(written) {
      const text = written.trim();
      if (text === '') return null;
      return (
        byCode.get(text.toUpperCase()) ??
        byName.get(text) ??
        byName.get(shortUnitName(text)) ??
        null
      );
    },
    children: (code) => [...(childrenOf.get(code) ?? [])],
    isWithin(code, ancestor) {
      // Walks up without allocating: this runs once per row when a ledger is validated.
      let unit = get(code);
      for (let depth = 0; unit && depth < 64; depth++) {
        if (unit.code === ancestor) return true;
        unit = unit.parent === null ? null : get(unit.parent);
      }
      return false;
    },
    subtree,
    path,
    districtOf(code) {
      const top = path(code)[0];
      return top === undefined ? null : get(top);
    },
  };
}

/**
 * Parses the organisation CSV (`code,name,kind,parent`, header first) into units.
 * Throws with the line number on a malformed line: the file is configuration, not user data.
 */
export function parseOrgCsv(text: string): Unit[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const units: Unit[] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const [code, name, kind, parent] = line.split(',').map((cell) => cell.trim());
    if (!code || !name || !UNIT_KINDS.includes(kind as UnitKind)) {
      throw new Error(`org CSV line ${index + 1}: expected code,name,kind,parent — got "${line}"`);
    }
    units.push({ code, name, kind: kind as UnitKind, parent: parent ? parent : null });
  });
  return units;
}
