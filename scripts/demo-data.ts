/**
 * A year of generated but realistic ledgers for the demo district: every channel, category, status,
 * level and rating, some overdue cases, a widespread problem and one veto, so that every score,
 * chart and list has something to show. Deterministic: the same org and seed give the same rows.
 * Kept whole in one file (over 300 lines): its generators draw from one seeded sequence, in an order
 * that is itself the data — the words they draw from live in demo-words.ts.
 */
import type { OrgTree, Unit } from '../shared/org.ts';
import {
  CATEGORIES,
  CATEGORY_SUMMARIES,
  CHANNELS,
  GIVEN,
  HOUSEHOLD_TYPES,
  NEEDS,
  RANKS,
  RATERS_PER_GROUP,
  RESULTS,
  ROADS,
  random,
  SURNAMES,
  UNIT_GROUPS,
  VISIT_CONTENT,
  VISIT_TYPES,
} from './demo-words.ts';

export interface DemoSubmission {
  unit: string;
  kind: 'case' | 'household' | 'visit' | 'evaluation' | 'cadre';
  period: string;
  sourceName: string;
  rows: { row: number; values: Record<string, unknown> }[];
}

export interface DemoOptions {
  /** Seed of the pseudo-random generator. */
  seed?: number;
  year?: number;
  /** Last day any record may carry (the ledgers were filled in up to this day). */
  until?: string;
  /** Cases per residential area. */
  casesPerArea?: number;
  /** Households and visits per residential area (20 and 30 by default). */
  householdsPerArea?: number;
  visitsPerArea?: number;
}

const DAY = 86_400_000;
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const minIso = (a: string, b: string) => (a < b ? a : b);

/** What every generator of the demo shares: the seeded draws, the year and the org's units. */
function demoContext(org: OrgTree, options: DemoOptions) {
  const rng = random(options.seed ?? 20260101);
  const year = options.year ?? 2026;
  const until = options.until ?? `${year}-11-15`;
  const start = fromIso(`${year}-01-01`);
  return {
    org,
    options,
    rng,
    year,
    until,
    start,
    span: Math.max(1, Math.floor((fromIso(until) - start) / DAY)),
    areas: org.units.filter((u) => u.kind === 'residential'),
    departments: org.units.filter((u) => u.kind === 'department'),
    person: () => rng.pick([...SURNAMES]) + rng.pick(GIVEN),
    mobile: () =>
      `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
    address: () =>
      `${rng.pick(ROADS)}${rng.int(1, 900)}弄${rng.int(1, 60)}号${rng.int(101, 602)}室`,
  };
}
type Demo = ReturnType<typeof demoContext>;
type Enrol = (
  name: string,
  unit: string,
  post: string,
  rank: string,
  contactArea: string | null,
) => void;
interface Regular {
  name: string;
  phone: string;
  category: string;
}

/** Generates every demo submission: per residential area its cases, households and visits; the district's evaluations. */
export function generateDemoDistrict(org: OrgTree, options: DemoOptions = {}): DemoSubmission[] {
  const demo = demoContext(org, options);
  const { year } = demo;
  const district = org.units.find((u) => u.kind === 'district');
  const submissions: DemoSubmission[] = [];
  // The cadre register (干部名册): the cadres who work in each area, then each unit's leaders.
  const register: Record<string, unknown>[] = [];
  const enrol: Enrol = (name, unit, post, rank, contactArea) => {
    register.push({
      cadreNo: `C${String(register.length + 1).padStart(4, '0')}`,
      name,
      unit,
      post,
      rank,
      contactArea,
    });
  };
  // A few residents who come back with the same problem (the repeat rule), shared across an area's cases.
  const regulars = Array.from({ length: 3 }, (_, i) => ({
    name: demo.person(),
    phone: demo.mobile(),
    category: ['住房与旧改', '治安与纠纷', '环境卫生'][i]!,
  }));

  for (const [areaIndex, area] of demo.areas.entries()) {
    const cadres = [demo.person(), demo.person(), demo.person()];
    // Each area's cadres belong to its sub-district; the first is its contact cadre (联系点).
    for (const [index, name] of cadres.entries()) {
      const rank = index === 0 ? '处级' : index === 1 ? '科级' : '其他';
      enrol(name, area.parent ?? area.code, index === 0 ? '副主任' : '科员', rank, area.code);
    }
    const regular = regulars[areaIndex % regulars.length]!;
    const cases = Array.from({ length: options.casesPerArea ?? 40 }, (_, i) =>
      demoCase(demo, area, areaIndex, i, cadres, regular),
    );
    submissions.push(submission(area, 'case', year, cases));
    const households = areaHouseholds(demo, area, cadres);
    submissions.push(submission(area, 'household', year, households));
    submissions.push(
      submission(area, 'visit', year, areaVisits(demo, area, cadres, households, cases)),
    );
  }
  if (district) submissions.push(...districtLedgers(demo, district, enrol, register));
  return submissions;
}

/** The `i`th case of an area. */
function demoCase(
  demo: Demo,
  area: Unit,
  areaIndex: number,
  i: number,
  cadres: readonly string[],
  areaRegular: Regular,
): Record<string, unknown> {
  const { rng, start, span, until, departments, person, mobile, address } = demo;
  const perArea = demo.options.casesPerArea ?? 40;
  // Every 13th case comes from the area's regular caller, with the same problem, 25 days apart:
  // the third one is a repeat (docs/rules.md, The ladder).
  const regular = i % 13 === 5 ? areaRegular : null;
  // The last case of every area is the same late problem: a widespread (普遍性) category.
  const widespread = i === perArea - 1;
  const received = regular
    ? start + (150 + Math.floor(i / 13) * 25) * DAY
    : widespread
      ? fromIso(until) - rng.int(0, 20) * DAY
      : start + rng.int(0, span) * DAY;
  const receivedOn = toIso(received);
  const category = regular?.category ?? (widespread ? '环境卫生' : rng.pick(CATEGORIES));
  const statusRoll = rng.next();
  const age = (fromIso(until) - received) / DAY;
  let status =
    statusRoll < 0.55 || age > 60
      ? '已办结'
      : statusRoll < 0.7
        ? '已答复'
        : statusRoll < 0.82
          ? '办理中'
          : statusRoll < 0.92
            ? '已受理'
            : '上报';
  if (age > 60 && statusRoll > 0.9) status = rng.pick(['办理中', '上报']); // some stay open: overdue
  const replyLag = rng.chance(0.85) ? rng.int(0, 6) : rng.int(8, 15);
  const resolveLag = rng.chance(0.8) ? rng.int(replyLag, 29) : rng.int(31, 50);
  const repliedOn = ['已答复', '已办结'].includes(status)
    ? minIso(toIso(received + replyLag * DAY), until)
    : null;
  const resolvedOn = status === '已办结' ? minIso(toIso(received + resolveLag * DAY), until) : null;
  const rated = resolvedOn !== null || (repliedOn !== null && rng.chance(0.3));
  const satisfaction = !rated
    ? '未评价'
    : rng.pick(['满意', '满意', '满意', '满意', '满意', '基本满意', '基本满意', '不满意']);
  const signedOff = resolvedOn ? rng.chance(0.9) : null;
  const revisitOn =
    resolvedOn && rng.chance(0.7)
      ? minIso(toIso(fromIso(resolvedOn) + rng.int(1, 10) * DAY), until)
      : null;
  const record: Record<string, unknown> = {
    caseNo: `${area.code.replace(/^YP-/, '')}-${String(i + 1).padStart(3, '0')}`,
    receivedOn,
    channel: CHANNELS[(i + areaIndex) % CHANNELS.length],
    reporterName: regular?.name ?? (rng.chance(0.05) ? '匿名' : person()),
    reporterPhone:
      regular?.phone ?? (rng.chance(0.8) ? mobile() : `021-${rng.int(5000_0000, 6999_9999)}`),
    address: address(),
    area: area.code,
    category,
    summary: rng.pick(CATEGORY_SUMMARIES[category]!),
    firstReceiver: rng.pick(cadres),
    assignee: status === '上报' || rng.chance(0.15) ? rng.pick(departments).code : null,
    status,
    repliedOn,
    resolvedOn,
    result: resolvedOn ? rng.pick(RESULTS) : null,
    signedOff,
    revisitOn,
    satisfaction,
    remarks: null,
  };
  // A case with a department was dispatched to it (派单) within 20 days of receipt; no random
  // draw, so every other generated value stays as it was.
  record.dispatchedOn = record.assignee ? minIso(toIso(received + (i % 20) * DAY), until) : null;
  return record;
}

/** An area's households, each paired with one of its cadres. */
function areaHouseholds(demo: Demo, area: Unit, cadres: readonly string[]) {
  const { rng, start, until, person, mobile, address } = demo;
  const options = demo.options;
  const households = Array.from({ length: options.householdsPerArea ?? 20 }, (_, i) => {
    const pairedSince = toIso(start - rng.int(0, 400) * DAY);
    return {
      householdNo: `${area.code.replace(/^YP-/, '')}-H${String(i + 1).padStart(3, '0')}`,
      area: area.code,
      address: address(),
      headName: person(),
      phone: rng.chance(0.8) ? mobile() : null,
      members: rng.int(1, 6),
      householdType: HOUSEHOLD_TYPES[i % HOUSEHOLD_TYPES.length],
      needs: rng.pick(NEEDS),
      pairedCadre: rng.pick(cadres),
      pairedSince,
      // Some households have not been visited for a long time: 六个一遍 compliance has something to flag.
      lastVisitOn:
        i % 6 === 0
          ? toIso(fromIso(until) - rng.int(120, 200) * DAY)
          : toIso(fromIso(until) - rng.int(0, 80) * DAY),
    };
  });
  return households;
}

/** An area's visits: to its households (some about its cases) and to its 两委班子. */
function areaVisits(
  demo: Demo,
  area: Unit,
  cadres: readonly string[],
  households: readonly { householdNo: string }[],
  cases: readonly Record<string, unknown>[],
) {
  const { rng, start, span } = demo;
  const options = demo.options;
  const visits = Array.from({ length: options.visitsPerArea ?? 30 }, (_, i) => {
    const visitType = VISIT_TYPES[i % VISIT_TYPES.length]!;
    const target = visitType === '走访两委班子' ? '两委班子' : rng.pick(households).householdNo;
    const caseNos = i % 4 === 0 ? [String(rng.pick(cases).caseNo)] : [];
    return {
      visitOn: toIso(start + rng.int(0, span) * DAY),
      cadre: cadres[i % cadres.length],
      rank: rng.pick(RANKS),
      area: area.code,
      target,
      visitType,
      content: rng.pick(VISIT_CONTENT),
      caseNos,
      signed: rng.chance(0.85),
    };
  });
  return visits;
}

/** The district's leaders in the register, its register, and every evaluation sheet of the year. */
function districtLedgers(
  demo: Demo,
  district: Unit,
  enrol: Enrol,
  register: Record<string, unknown>[],
): DemoSubmission[] {
  const { org, options, rng, year, areas, departments } = demo;
  const submissions: DemoSubmission[] = [];
  // The leaders' names come from a generator of their own: the other ledgers stay as they were.
  const names = random((options.seed ?? 20260101) + 1);
  const leader = () => names.pick([...SURNAMES]) + names.pick(GIVEN);
  enrol(leader(), district.code, '区委书记', '局级', null);
  enrol(leader(), district.code, '区长', '局级', null);
  for (const unit of org.units.filter((u) => u.kind === 'subdistrict')) {
    enrol(leader(), unit.code, '党工委书记', '处级', null);
  }
  for (const [index, department] of departments.entries()) {
    enrol(leader(), department.code, '局长', '局级', areas[index % areas.length]?.code ?? null);
    enrol(leader(), department.code, '科长', '科级', null);
  }
  submissions.push(submission(district, 'cadre', year, register));
  const rating = (subject: Unit, evaluatorGroup: string, veto = false) => ({
    period: String(year),
    subjectKind: '单位',
    subject: subject.code,
    evaluatorGroup,
    attendance: rng.int(60, 100),
    spirit: rng.int(60, 100),
    serviceAwareness: rng.int(60, 100),
    problemSolving: rng.int(60, 100),
    overall: rng.pick(['满意', '满意', '满意', '基本满意', '不满意']),
    veto,
    vetoReason: veto ? '不作为' : null,
  });
  const subDistricts = org.units.filter((u) => u.kind === 'subdistrict');
  // The district's sheet: 社区干部 and 群众 on each sub-district, 群众 on each department, and
  // its one veto (一票否决 is the district's decision alone).
  const evaluations: Record<string, unknown>[] = [];
  for (const subject of subDistricts) {
    for (const group of UNIT_GROUPS) {
      for (let i = 0; i < RATERS_PER_GROUP; i++) evaluations.push(rating(subject, group));
    }
  }
  for (const [index, subject] of departments.entries()) {
    for (let i = 0; i < RATERS_PER_GROUP; i++) {
      evaluations.push(rating(subject, '群众', index === departments.length - 2 && i === 0));
    }
  }
  // 条块互评: each sub-district rates the departments at year-end, on its own sheet.
  for (const sub of subDistricts) {
    submissions.push(
      submission(
        sub,
        'evaluation',
        year,
        departments.map((d) => rating(d, '街道/镇')),
      ),
    );
  }
  // The district's evaluations come last: the seed takes them as the sign it ran to its end.
  submissions.push(submission(district, 'evaluation', year, evaluations));
  return submissions;
}

function submission(
  unit: Unit,
  kind: DemoSubmission['kind'],
  year: number,
  records: Record<string, unknown>[],
): DemoSubmission {
  return {
    unit: unit.code,
    kind,
    period: String(year),
    sourceName: `demo-${unit.code}-${kind}-${year}.xlsx`,
    // Row numbers as on a sheet with one title row and one header row.
    rows: records.map((values, index) => ({ row: index + 3, values })),
  };
}
