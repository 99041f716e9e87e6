/**
 * Seeds the demo district into a running local Worker through its real API: the org of
 * `data/demo-org.csv` and one account per unit (via the local-only bootstrap), then a year of
 * ledgers submitted by each unit, reviewed by the sub-districts and swept for escalation.
 * Deterministic and safe to run again: bootstrap happens once, submissions carry fixed
 * idempotency keys, reviews only touch what is still waiting, and the sweep adds nothing twice.
 *
 * `npm run seed` seeds http://localhost:8787 (or the URL given as the first argument).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Api, ApiError } from '../cli/api.ts';
import { DEMO_ORG_CSV, readOrgFile } from '../cli/org.ts';
import { EVALUATOR_PRESETS } from '../shared/settings.ts';
import { generateDemoDistrict } from './demo-data.ts';

export const DEMO_PASSWORD = 'minqing-demo';
/** The demo year runs to this day; the sweep is run for it. */
export const DEMO_UNTIL = '2026-11-15';
/** The standing committee's meeting that took the demo's referred cases. */
export const DEMO_MEETING = '2026-11-12';

/** The area whose ledgers stay in 长白新村街道's inbox, and the sub-district that does not forward. */
const KEEP_WAITING = 'YP-CB-001';
const NOT_FORWARDED = 'YP-CB';

export interface SeedReport {
  bootstrapped: boolean;
  submissions: number;
  rows: number;
  accepted: number;
}

/**
 * Whether a previous seeding ran to its end, judged from what the district holds — not from its
 * first account: every ledger is stored, and the sub-districts have reviewed and forwarded. A
 * seeding cut off anywhere before that is finished by running it again (every step is idempotent).
 */
async function seedComplete(server: string, expected: number): Promise<boolean> {
  const org = readOrgFile();
  const district = new Api(server);
  await district.login('YP', DEMO_PASSWORD);
  const page = await district.request<{ items: { unit: string; status: string }[] }>(
    'GET',
    '/api/submissions?unit=YP&limit=500',
  );
  // As the review step below leaves them: an area's ledger accepted (forwarded outside 长白新村),
  // except the one area's kept waiting.
  const unfinished = page.items.filter((s) => {
    const sub = org.path(s.unit).find((code) => org.get(code)?.kind === 'subdistrict');
    if (!sub) return false;
    if (s.status === 'submitted') return s.unit !== sub && s.unit !== KEEP_WAITING;
    return s.status === 'accepted' && sub !== NOT_FORWARDED;
  });
  return page.items.length >= expected && unfinished.length === 0;
}

/** Creates the demo org and one account per unit, once; `false` when they already exist. */
export async function bootstrapDemo(server: string): Promise<boolean> {
  try {
    await new Api(server).request('POST', '/api/admin/bootstrap', {
      orgCsv: readFileSync(DEMO_ORG_CSV, 'utf8'),
      password: DEMO_PASSWORD,
    });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return false;
    throw error;
  }
}

export async function seedDemo(
  server: string,
  log: (line: string) => void = () => {},
): Promise<SeedReport> {
  const org = readOrgFile();
  const bootstrapped = await bootstrapDemo(server);
  log(
    bootstrapped
      ? `组织架构与账号已创建：${org.units.length} 个单位，每个单位一个账号（密码 ${DEMO_PASSWORD}；` +
          '仅本地演示账号免于密码策略，正式账号须至少 10 位并含三类字符，首次登录须修改初始密码）'
      : '账号已存在，跳过创建',
  );

  const sessions = new Map<string, Api>();
  const submissions = generateDemoDistrict(org, { until: DEMO_UNTIL });
  if (!bootstrapped && (await seedComplete(server, submissions.length))) {
    log('演示数据已完整，跳过写入');
    return { bootstrapped, submissions: 0, rows: 0, accepted: 0 };
  }
  const as = async (unit: string) => {
    let api = sessions.get(unit);
    if (!api) {
      api = new Api(server);
      await api.login(unit, DEMO_PASSWORD);
      sessions.set(unit, api);
    }
    return api;
  };

  let rows = 0;
  for (const [index, s] of submissions.entries()) {
    const api = await as(s.unit);
    const receipt = await api.submit(s, `demo-${s.unit}-${s.kind}-${s.period}`);
    rows += s.rows.length;
    if (index % 10 === 0 || index === submissions.length - 1) {
      log(
        `演示数据 ${index + 1}/${submissions.length}：${s.unit} ${s.kind}（回执 #${receipt.id}）`,
      );
    }
  }

  // Sub-districts accept what their areas sent, except one area's ledgers left in the inbox to
  // show, and forward their year to the district.
  let accepted = 0;
  for (const sub of org.units.filter((u) => u.kind === 'subdistrict')) {
    const api = await as(sub.code);
    const inbox = await api.request<{ items: { id: number | string; unit: string }[] }>(
      'GET',
      `/api/submissions?unit=${encodeURIComponent(sub.code)}&status=submitted`,
    );
    const waiting = inbox.items.filter((s) => s.unit !== sub.code);
    for (const item of waiting) {
      if (item.unit === KEEP_WAITING) continue;
      await api.request('POST', `/api/submissions/${item.id}/accept`, {});
      accepted++;
    }
    if (sub.code !== NOT_FORWARDED) {
      await api
        .request('POST', '/api/submissions/forward', { unit: sub.code, period: '2026' })
        .catch((error) => {
          if (!(error instanceof ApiError) || error.status !== 409) throw error;
        });
    }
  }

  const district = org.units.find((u) => u.kind === 'district');
  if (district) {
    const api = await as(district.code);
    // Yangpu weighs its sub-districts by 社区干部 and 群众 (departments by 条块互评, the default).
    await api.request('PUT', '/api/settings', { evaluatorWeights: EVALUATOR_PRESETS.杨浦 });
    await api.request('POST', '/api/sweep', { date: DEMO_UNTIL });
    log(`逐级升级已按 ${DEMO_UNTIL} 计算`);
    log(`提交区委常委会 ${await referDemoCases(api, district.code)} 件`);
  }
  return { bootstrapped, submissions: submissions.length, rows, accepted };
}

/**
 * The district refers its two longest-overdue cases to the standing committee at a meeting shortly
 * before the demo's last day — the only way a case reaches 常委会. Safe to run again (409: already).
 */
async function referDemoCases(api: Api, district: string): Promise<number> {
  const list = await api.request<{ overdue: { id: number; level: number }[] }>(
    'GET',
    `/api/supervision?unit=${district}&asOf=${DEMO_UNTIL}&limit=50`,
  );
  const chosen = list.overdue.filter((item) => item.level === 2).slice(0, 2);
  for (const item of chosen) {
    await api
      .request('POST', `/api/cases/${item.id}/referral`, {
        reason: '涉及多个部门的综合性疑难问题，区级协调未果，提请区委常委会研究',
        meetingOn: DEMO_MEETING,
      })
      .catch((error) => {
        if (!(error instanceof ApiError) || error.status !== 409) throw error;
      });
  }
  return chosen.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = process.argv[2] ?? 'http://localhost:8787';
  const report = await seedDemo(server, (line) => console.log(line));
  console.log(
    `完成：${report.submissions} 份台账、${report.rows} 行，街道已接收 ${report.accepted} 份。`,
  );
}
