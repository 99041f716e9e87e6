/**
 * An explanation as a table a clerk reads (docs/decisions/0014): the header, one row per record
 * and the sum that gives the figure — what `minqing assess --explain` prints and what the add-in's
 * explanation sheet holds, so both show the same.
 */
import { type Explanation, FIGURE_LABELS, figureFromExplanation } from './assessment-explain.ts';

export interface ExplanationTable {
  title: string;
  header: string[];
  rows: (string | number | null)[][];
  /** How the figure follows from the rows, in words. */
  sums: string[];
}

const yesNo = (value: boolean) => (value ? '是' : '否');
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const points = (value: number | null) => (value === null ? '—' : value.toFixed(2));
const isRate = (figure: Explanation['figure']) =>
  figure !== 'evaluationScore' && figure !== 'coverage' && figure !== 'contactDayAttendance';

/** The table of an explanation; a resident's name column only when the lines carry one. */
export function explanationTable(explanation: Explanation): ExplanationTable {
  const { figure } = explanation;
  const label = FIGURE_LABELS[figure];
  const shown =
    figure === 'evaluationScore' ? points(explanation.value) : percent(explanation.value);
  const title = `${explanation.year} 年度考核 · ${explanation.key} ${explanation.name} · ${label} ${shown}`;
  const recomputed = figureFromExplanation(explanation);
  if (figure === 'evaluationScore') return { title, ...evaluationRows(explanation, recomputed) };
  if (!isRate(figure)) return { title, ...periodRows(explanation, recomputed) };
  return { title, ...caseRows(explanation, recomputed) };
}

type Rows = Omit<ExplanationTable, 'title'>;

/** 测评得分: one row per rating, and each evaluator group's mean and weight. */
function evaluationRows(explanation: Explanation, recomputed: number | null): Rows {
  const label = FIGURE_LABELS[explanation.figure];
  return {
    header: [
      '测评期',
      '测评主体',
      '出勤情况',
      '精神状态',
      '为民服务意识',
      '处理问题能力',
      '总体评价',
      '得分',
      '一票否决',
    ],
    rows: explanation.evaluations.map((r) => [
      r.period,
      r.evaluatorGroup,
      r.attendance ?? null,
      r.spirit ?? null,
      r.serviceAwareness ?? null,
      r.problemSolving ?? null,
      r.overall ?? null,
      r.points,
      r.veto ? `是（${r.vetoReason ?? '未注明'}）` : '',
    ]),
    sums: [
      ...explanation.groups.map(
        (g) =>
          `${g.group}：${g.ratings} 条，平均 ${g.mean.toFixed(2)}，权重 ${g.weight.toFixed(2)}`,
      ),
      `${label} = 各测评主体平均分按权重加权 = ${points(recomputed)}`,
    ],
  };
}

/** Coverage and contact-day attendance: one row per period due, covered or not. */
function periodRows(explanation: Explanation, recomputed: number | null): Rows {
  const label = FIGURE_LABELS[explanation.figure];
  const covered = explanation.periods.filter((p) => p.covered).length;
  return {
    header: ['任务', '期间起', '期间止', '户编号', '联系日', '已走访'],
    rows: explanation.periods.map((p) => [
      p.label,
      p.from,
      p.to,
      p.household,
      p.day,
      yesNo(p.covered),
    ]),
    sums: [
      explanation.figure === 'coverage'
        ? `${label} = 各项任务已走访期数 / 应走访期数的平均 = ${percent(recomputed)}（共 ${explanation.periods.length} 期，已走访 ${covered} 期）`
        : `${label} = 联系日到岗月数 ${covered} / 应到月数 ${explanation.periods.length} = ${percent(recomputed)}`,
    ],
  };
}

/** A rate: one row per case counted, with what it adds below and above. */
function caseRows(explanation: Explanation, recomputed: number | null): Rows {
  const label = FIGURE_LABELS[explanation.figure];
  const names = explanation.cases.some((c) => 'reporterName' in c);
  const counted = explanation.cases.reduce((sum, c) => sum + c.counted, 0);
  const met = explanation.cases.reduce((sum, c) => sum + c.met, 0);
  return {
    header: [
      '编号',
      '居民区',
      ...(names ? ['反映人'] : []),
      '受理日期',
      '应答复日期',
      '答复日期',
      '应办结日期',
      '重办应结日期',
      '办结日期',
      '满意度',
      '首问责任人',
      '承办人',
      '计入',
      '达标',
      '情况',
    ],
    rows: explanation.cases.map((c) => [
      c.caseNo,
      c.area ?? c.unit,
      ...(names ? [(c as { reporterName?: string | null }).reporterName ?? null] : []),
      c.receivedOn,
      c.replyDue,
      c.repliedOn,
      c.resolutionDue,
      c.dueAgain,
      c.resolvedOn,
      c.satisfaction,
      c.firstReceiver,
      c.handler,
      c.counted,
      c.met,
      c.outcome,
    ]),
    sums: [`${label} = 达标 ${round(met)} / 计入 ${counted} = ${percent(recomputed)}`],
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
