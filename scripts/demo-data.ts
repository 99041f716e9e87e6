/**
 * A year of generated but realistic ledgers for the demo district: every channel, category, status,
 * level and rating, some overdue cases, a widespread problem and one veto, so that every score,
 * chart and list has something to show. Deterministic: the same org and seed give the same rows.
 */
import type { LedgerKind } from '../shared/ledgers/index.ts';
import type { OrgTree, Unit } from '../shared/org.ts';

export interface DemoSubmission {
  unit: string;
  kind: LedgerKind;
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

const CHANNELS = ['走访', '接待', '来电', '来信', '网上', '征求意见卡', '结对', '其他'];
const CATEGORY_SUMMARIES: Record<string, string[]> = {
  基础设施: ['雨天小区道路积水严重', '楼道电线老化存在安全隐患', '小区路灯损坏夜间出行不便'],
  城市管理: ['非机动车乱停放堵塞消防通道', '违章搭建影响采光', '沿街商铺占道经营'],
  住房与旧改: ['二级旧里煤卫合用问题', '老房屋顶漏水需要维修', '旧改征收补偿政策咨询'],
  就业与社保: ['失业人员再就业培训咨询', '灵活就业社保缴纳问题', '退休金调整咨询'],
  社会救助: ['孤老生活困难需要帮困', '重残人员护理补贴申请', '低保申请材料咨询'],
  医疗卫生: ['社区卫生服务中心配药不便', '家庭医生签约咨询', '老人就医陪护需求'],
  教育: ['适龄儿童入学政策咨询', '社区托育点名额不足', '课后看护服务需求'],
  治安与纠纷: ['邻里噪音纠纷协调', '楼上漏水引发邻里矛盾', '小区门禁损坏外来人员随意进出'],
  环境卫生: ['垃圾箱房异味严重', '小区河道有垃圾', '绿化带杂草丛生蚊虫多'],
  企业服务: ['企业用工招聘需要政策支持', '小微企业融资困难', '企业办证流程咨询'],
  政策咨询: ['居住证积分政策咨询', '老年综合津贴办理咨询', '公积金提取政策咨询'],
  其他: ['希望增设社区活动场所', '建议增开社区巴士线路', '反映快递柜设置不合理'],
};
const CATEGORIES = Object.keys(CATEGORY_SUMMARIES);
const RESULTS = [
  '已协调相关部门处理完毕',
  '现场踏勘后已维修',
  '经协调双方达成一致',
  '已向居民解释政策并协助办理',
  '已组织集体会诊并落实整改',
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '建华',
  '秀英',
  '桂兰',
  '海燕',
  '伟民',
  '玉兰',
  '丽萍',
  '国平',
  '雪芳',
  '志强',
  '美华',
  '明',
  '勇',
  '静',
  '杰',
  '敏',
  '超',
  '洋',
  '娟',
  '丽',
  '建国',
  '月梅',
  '锡根',
  '阿毛',
];
const ROADS = [
  '长白路',
  '安波路',
  '开鲁路',
  '国定路',
  '政立路',
  '民京路',
  '松花江路',
  '控江路',
  '延吉东路',
  '靖宇东路',
  '殷行路',
  '黄兴路',
];
const HOUSEHOLD_TYPES = [
  '普通户',
  '困难户',
  '孤老',
  '重残重病',
  '独居老人',
  '离休干部',
  '军烈属',
  '模范人物',
  '工商个体户',
];
const NEEDS = [
  '行动不便需送医配药',
  '子女失业',
  '希望参加社区活动',
  '房屋漏水',
  '申请帮困补助',
  null,
];
const VISIT_TYPES = [
  '定点联系日',
  '政策宣讲',
  '解决问题',
  '帮困带富',
  '群众评议',
  '走访两委班子',
  '走访帮困对象',
  '走访模范人物',
  '走访工商户',
  '梳理民生政策',
];
const VISIT_CONTENT = [
  '宣传惠民政策',
  '听取对社区工作的意见',
  '协调解决楼道漏水',
  '送慰问品',
  '了解生活困难情况',
];
const RANKS = ['局级', '处级', '科级', '其他'];
/**
 * Yangpu's own practice: its sub-districts are rated by 社区干部 and 群众 (逐项量化, the four items);
 * its departments by the residents and, at year-end, by each sub-district (条块互评).
 */
const UNIT_GROUPS = ['社区干部', '群众'];
const RATERS_PER_GROUP = 3;

/** mulberry32: a small, well-distributed deterministic generator. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const minIso = (a: string, b: string) => (a < b ? a : b);

/** Generates every demo submission: per residential area its cases, households and visits; the district's evaluations. */
export function generateDemoDistrict(org: OrgTree, options: DemoOptions = {}): DemoSubmission[] {
  const rng = random(options.seed ?? 20260101);
  const year = options.year ?? 2026;
  const until = options.until ?? `${year}-11-15`;
  const perArea = options.casesPerArea ?? 40;
  const start = fromIso(`${year}-01-01`);
  const span = Math.max(1, Math.floor((fromIso(until) - start) / DAY));
  const areas = org.units.filter((u) => u.kind === 'residential');
  const departments = org.units.filter((u) => u.kind === 'department');
  const district = org.units.find((u) => u.kind === 'district');
  const person = () => rng.pick([...SURNAMES]) + rng.pick(GIVEN);
  const mobile = () =>
    `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  const address = () =>
    `${rng.pick(ROADS)}${rng.int(1, 900)}弄${rng.int(1, 60)}号${rng.int(101, 602)}室`;
  const submissions: DemoSubmission[] = [];
  // The cadre register (干部名册): the cadres who work in each area, then each unit's leaders.
  const register: Record<string, unknown>[] = [];
  const enrol = (
    name: string,
    unit: string,
    post: string,
    rank: string,
    contactArea: string | null,
  ) =>
    register.push({
      cadreNo: `C${String(register.length + 1).padStart(4, '0')}`,
      name,
      unit,
      post,
      rank,
      contactArea,
    });
  // A few residents who come back with the same problem (the repeat rule), shared across an area's cases.
  const regulars = Array.from({ length: 3 }, (_, i) => ({
    name: person(),
    phone: mobile(),
    category: ['住房与旧改', '治安与纠纷', '环境卫生'][i]!,
  }));

  for (const [areaIndex, area] of areas.entries()) {
    const cadres = [person(), person(), person()];
    // Each area's cadres belong to its sub-district; the first is its contact cadre (联系点).
    for (const [index, name] of cadres.entries()) {
      const rank = index === 0 ? '处级' : index === 1 ? '科级' : '其他';
      enrol(name, area.parent ?? area.code, index === 0 ? '副主任' : '科员', rank, area.code);
    }
    const cases: Record<string, unknown>[] = [];
    for (let i = 0; i < perArea; i++) {
      // Every 13th case comes from the area's regular caller, with the same problem, 25 days apart:
      // the third one is a repeat (docs/rules.md, The ladder).
      const regular = i % 13 === 5 ? regulars[areaIndex % regulars.length]! : null;
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
      const resolvedOn =
        status === '已办结' ? minIso(toIso(received + resolveLag * DAY), until) : null;
      const rated = resolvedOn !== null || (repliedOn !== null && rng.chance(0.3));
      const satisfaction = !rated
        ? '未评价'
        : rng.pick(['满意', '满意', '满意', '满意', '满意', '基本满意', '基本满意', '不满意']);
      const signedOff = resolvedOn ? rng.chance(0.9) : null;
      const revisitOn =
        resolvedOn && rng.chance(0.7)
          ? minIso(toIso(fromIso(resolvedOn) + rng.int(1, 10) * DAY), until)
          : null;
      cases.push({
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
      });
      // A case with a department was dispatched to it (派单) within 20 days of receipt; no random
      // draw, so every other generated value stays as it was.
      const last = cases.at(-1)!;
      last.dispatchedOn = last.assignee ? minIso(toIso(received + (i % 20) * DAY), until) : null;
    }
    submissions.push(submission(area, 'case', year, cases));

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
    submissions.push(submission(area, 'household', year, households));

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
    submissions.push(submission(area, 'visit', year, visits));
  }

  if (district) {
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
  }
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
