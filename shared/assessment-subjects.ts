/**
 * Who the year-end roll has rows for (docs/decisions/0009) and which of them a case counts for:
 * each unit on the case's path, its department, or the cadres of the register who first received,
 * handled or raised it — a name two cadres share settled by the unit, else reported, never guessed.
 */
import type { RollCadre, RollCase, RollData, RollOptions } from './assessment.ts';
import type { OrgTree } from './org.ts';

/** A name in a case or visit that two cadres of the register share and the unit does not settle. */
export interface UnresolvedName {
  name: string;
  /** Where it was written: a case number, or a visit's date. */
  where: string;
}

/** A row's subject before figures: whose cases, evaluations and peers. */
export interface Subject {
  key: string;
  name: string;
  peerGroup: string;
  /** For cadres: the register row. */
  cadre?: RollCadre;
  department?: boolean;
}

/** The rows the roll has: the units, departments or cadres under `unit`, in tree order. */
export function subjectsOf(data: RollData, options: RollOptions): Subject[] {
  const { org, unit } = options;
  if (options.of === 'units') {
    return org
      .subtree(unit)
      .filter((u) => u.kind === 'subdistrict' || u.kind === 'residential')
      .map((u) => ({
        key: u.code,
        name: u.name,
        peerGroup: u.kind === 'subdistrict' ? 'sub-district' : `area:${u.parent}`,
      }));
  }
  if (options.of === 'departments') {
    return org
      .subtree(unit)
      .filter((u) => u.kind === 'department')
      .map((u) => ({ key: u.code, name: u.name, peerGroup: 'department', department: true }));
  }
  const under = (code: string | null | undefined) => !!code && org.isWithin(code, unit);
  return (data.cadres ?? [])
    .filter((c) => under(c.unit) || under(c.contactArea))
    .map((c) => ({
      key: c.cadreNo,
      name: c.name,
      peerGroup: `cadre:${c.rank ?? '其他'}`,
      cadre: c,
    }));
}

/**
 * Which cadre of the register a name written on a record of `owner` (an area or unit) means: the
 * only cadre of that name, else the one whose unit or contact area holds the record; `null` when
 * the name is no cadre's, `undefined` when the unit does not decide between several.
 */
function resolver(cadres: readonly RollCadre[], org: OrgTree) {
  const byName = new Map<string, RollCadre[]>();
  for (const c of cadres) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  return (name: string | null | undefined, owner: string | null | undefined) => {
    const candidates = name ? byName.get(name) : undefined;
    if (!candidates) return null;
    if (candidates.length === 1) return candidates[0]!;
    const holds = candidates.filter(
      (c) => !!owner && (c.contactArea === owner || (!!c.unit && org.isWithin(owner, c.unit))),
    );
    return holds.length === 1 ? holds[0]! : undefined;
  };
}

/** The subjects a case counts for: each unit on its path, its department, or its cadres. */
export function caseKeys(
  data: RollData,
  subjects: readonly Subject[],
  options: RollOptions,
  unresolved: UnresolvedName[],
): (record: RollCase) => string[] {
  const { org } = options;
  const keys = new Set(subjects.map((s) => s.key));
  const ownerOf = (record: RollCase) => record.area ?? record.unit ?? null;
  if (options.of === 'units') {
    return (record) => {
      const owner = ownerOf(record);
      return owner ? org.path(owner).filter((code) => keys.has(code)) : [];
    };
  }
  if (options.of === 'departments') {
    return (record) => {
      const code = record.assignee ? (org.find(record.assignee)?.code ?? null) : null;
      return code !== null && keys.has(code) ? [code] : [];
    };
  }
  // A cadre's cases: those he first received (首问), handled (承办人) or raised on his visits.
  const resolve = resolver(data.cadres ?? [], org);
  const raised = new Map<string, Set<string>>();
  for (const visit of data.visits ?? []) {
    if (!visit.caseNos || visit.caseNos.length === 0) continue;
    const cadre = resolve(visit.cadre, visit.area);
    if (cadre === undefined) unresolved.push({ name: visit.cadre, where: visit.visitOn });
    if (!cadre) continue;
    for (const caseNo of visit.caseNos) {
      const key = `${visit.area ?? ''}|${caseNo}`;
      raised.set(key, (raised.get(key) ?? new Set()).add(cadre.cadreNo));
    }
  }
  return (record) => {
    const owner = ownerOf(record);
    const found = new Set<string>(raised.get(`${record.area ?? ''}|${record.caseNo ?? ''}`));
    for (const name of [record.firstReceiver, record.handler]) {
      const cadre = resolve(name, owner);
      if (cadre === undefined) unresolved.push({ name: name!, where: record.caseNo ?? '' });
      if (cadre) found.add(cadre.cadreNo);
    }
    return [...found].filter((key) => keys.has(key));
  };
}
