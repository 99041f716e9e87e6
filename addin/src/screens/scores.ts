/**
 * 汇总: pull the scores into 汇总, 督办清单 and the problem lists; the 临期 list; and for the
 * district, the holiday import, dispatch (派单/改派/延期) and referral to 常委会.
 */
import { calendarImport, parseCalendarCsv } from '../../../shared/calendar.ts';
import { dueSoonSheet, type ScoresPull, scoresSheets } from '../../excel/scores.ts';
import { api, exposeActions, pane, type Screen } from '../app.ts';
import { type StringKey, t } from '../strings.ts';
import { button, fieldValue, h, labelled, nativeInput, notes, select, textField } from '../ui.ts';

/** Pulls the scores for a period, grouped by `by`, into 汇总, 督办清单 and the problem lists. */
export async function pullScores({ period, by }: { period: string; by: ScoresPull['by'] }) {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  // The monthly trend comes in the same answer (trend=month).
  const scores = await api.scores({ unit: user.unit, period, asOf: pane.asOf, by, trend: 'month' });
  const optional = <T>(promise: Promise<T>) => promise.catch(() => undefined);
  const supervision = await optional(
    api.supervision({ unit: user.unit, asOf: pane.asOf, limit: '500' }),
  );
  const frequent = await optional(api.frequent({ unit: user.unit, month: pane.asOf.slice(0, 7) }));
  const sheets = scoresSheets({
    calendarGaps: scores.calendarGaps,
    unitName: user.unitName,
    period,
    asOf: pane.asOf,
    by,
    total: scores.total,
    groups: scores.groups,
    trend: scores.trend ?? [],
    ...(supervision
      ? { supervision: [...(supervision.overdue ?? []), ...(supervision.widespread ?? [])] }
      : {}),
    ...(frequent ? { frequent } : {}),
  });
  // 汇总 last, so it is the sheet left in front.
  await pane.workbook.writeReports([...sheets.slice(1), sheets[0]!]);
  notes.message = t('pulled');
  warnCalendarGaps([...new Set([...scores.calendarGaps, ...(supervision?.calendarGaps ?? [])])]);
}

function pull(): Promise<void> {
  return pullScores({
    period: fieldValue('score-period'),
    by: fieldValue('score-by') as ScoresPull['by'],
  });
}

/** Due dates in a year whose holidays are not loaded were counted on weekends alone: say so. */
function warnCalendarGaps(years: readonly number[]): void {
  const sorted = [...years].sort((a, b) => a - b);
  if (sorted.length > 0) notes.warning = t('calendarGap', { years: sorted.join('、') });
}

// —— 临期 ——
export async function writeDueSoonSheet(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  const list = await api.dueSoon({ unit: user.unit, asOf: pane.asOf });
  await pane.workbook.writeReports([
    dueSoonSheet({
      unitName: user.unitName,
      asOf: list.asOf,
      until: list.until,
      days: list.days,
      items: list.items.map((item) => ({
        ...item,
        area: item.area ? (pane.org.get(item.area)?.name ?? item.area) : null,
      })),
      calendarGaps: list.calendarGaps,
    }),
  ]);
  notes.message = t('dueSoonDone', { count: list.items.length, until: list.until });
  warnCalendarGaps(list.calendarGaps);
}

// —— 节假日安排（区管理员）——
function isDistrictAdmin(): boolean {
  const user = api.user;
  return !!user?.roles.includes('admin') && pane.org.get(user.unit)?.kind === 'district';
}

/** Loads the holiday schedule of the years a `date,kind` CSV names (district admin). */
export async function importCalendar(csv: string): Promise<void> {
  const { days, bad } = parseCalendarCsv(csv);
  if (bad) throw new Error(t('calendarBadLine', { line: bad.line, text: bad.text }));
  if (days.length === 0) throw new Error(t('calendarChoose'));
  const body = calendarImport(days);
  const result = await api.importCalendar(body);
  notes.message = t('calendarImported', {
    years: body.years.join(t('listSeparator')),
    holidays: body.holidays.length,
    workdays: body.workdays.length,
    recomputed: result.recomputed,
  });
}

async function importCalendarFromForm(): Promise<void> {
  const file = (document.getElementById('calendar-file') as HTMLInputElement | null)?.files?.[0];
  if (!file) throw new Error(t('calendarChoose'));
  await importCalendar(await file.text());
}

// —— 派单（区）——
/** Dispatches case `id` (or, `again`, reassigns it) to a department with its handler and plan. */
export async function dispatchCase(
  id: string,
  json: { department: string; handler: string; plan: string },
  again: boolean,
): Promise<void> {
  const result = await api.dispatch(id, json, again);
  notes.message = t('dispatched', {
    id: result.id,
    department: pane.org.get(result.department)?.name ?? result.department,
    on: result.dispatchedOn,
    due: result.resolutionDue,
  });
}

function dispatchFromForm(again: boolean): Promise<void> {
  const json = {
    department: fieldValue('dispatch-department'),
    handler: fieldValue('dispatch-handler'),
    plan: fieldValue('dispatch-plan'),
  };
  return dispatchCase(fieldValue('dispatch-id'), json, again);
}

export async function grantExtension(id: string): Promise<void> {
  const result = await api.grantExtension(id);
  notes.message = t('extensionGranted', {
    id: result.id,
    days: result.days,
    due: result.resolutionDue,
  });
}

/** The district's dispatch (派单), reassignment (改派) and extension grant (docs/decisions/0010). */
function dispatchForm(): HTMLElement {
  const district = api.user!.unit;
  const departments = pane.org.children(district).filter((u) => u.kind === 'department');
  return h(
    'fieldset',
    { id: 'dispatch', class: 'stack' },
    h('legend', {}, t('dispatchTitle')),
    h('p', { class: 'hint' }, t('dispatchHint')),
    textField('dispatch-id', t('dispatchId'), '', { inputmode: 'numeric' }),
    labelled(
      t('dispatchDepartment'),
      select(
        'dispatch-department',
        departments.map((u) => ({ value: u.code, label: u.name })),
      ),
    ),
    textField('dispatch-handler', t('dispatchHandler'), ''),
    textField('dispatch-plan', t('dispatchPlan'), ''),
    h(
      'div',
      { class: 'row' },
      button(t('dispatch'), () => dispatchFromForm(false), { id: 'dispatch-case' }),
      button(t('reassign'), () => dispatchFromForm(true), { id: 'reassign-case' }),
      button(t('grantExtension'), () => grantExtension(fieldValue('dispatch-id')), {
        id: 'grant-extension',
      }),
    ),
  );
}

/** Only a district reviewer or admin refers a case to 常委会 (docs/rules.md, "The ladder"). */
function mayRefer(): boolean {
  const user = api.user;
  if (!user || pane.org.get(user.unit)?.kind !== 'district') return false;
  return user.roles.some((role) => role === 'reviewer' || role === 'admin');
}

/** Refers case `id` to 常委会 with the reason and the meeting's date. */
export async function referCase(id: string, reason: string, meetingOn: string): Promise<void> {
  const result = await api.refer(id, reason, meetingOn);
  notes.message = t('referred', { id: result.id, meeting: result.meetingOn });
}

function referralForm(): HTMLElement {
  return h(
    'fieldset',
    { id: 'referral', class: 'stack' },
    h('legend', {}, t('referTitle')),
    h('p', { class: 'hint' }, t('referHint')),
    textField('refer-id', t('referId'), '', { inputmode: 'numeric' }),
    textField('refer-reason', t('referReason'), ''),
    labelled(t('referMeeting'), nativeInput('refer-meeting', pane.asOf, { type: 'date' })),
    button(
      t('refer'),
      () =>
        referCase(fieldValue('refer-id'), fieldValue('refer-reason'), fieldValue('refer-meeting')),
      { id: 'refer' },
    ),
  );
}

function view(): HTMLElement {
  const options: [string, StringKey][] = [
    ['children', 'byChildren'],
    ['area', 'byArea'],
    ['department', 'byDepartment'],
    ['cadre', 'byCadre'],
  ];
  return h(
    'div',
    { class: 'stack' },
    textField('score-period', t('period'), pane.asOf.slice(0, 4)),
    labelled(
      t('by'),
      select(
        'score-by',
        options.map(([value, key]) => ({ value, label: t(key) })),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      button(t('pull'), pull, { id: 'pull', primary: true }),
      // The clerk's or department's morning list.
      button(t('dueSoon'), writeDueSoonSheet, { id: 'due-soon' }),
    ),
    isDistrictAdmin()
      ? h(
          'div',
          { class: 'stack' },
          labelled(
            t('calendarFile'),
            h('input', { id: 'calendar-file', type: 'file', accept: '.csv,text/csv' }),
          ),
          button(t('calendarImport'), importCalendarFromForm, { id: 'calendar-import' }),
        )
      : null,
    mayRefer() ? dispatchForm() : null,
    mayRefer() ? referralForm() : null,
  );
}

export const scoresScreen: Screen = { id: 'scores', tab: () => t('tabScores'), view };

exposeActions({
  pullScores,
  writeDueSoonSheet,
  importCalendar,
  dispatchCase,
  grantExtension,
  referCase,
});
