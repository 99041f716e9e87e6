/**
 * The task pane: 转换, 提交, 审核, 汇总, 公示. Plain DOM in Office's look, narrow-width friendly,
 * every control a real button, select or input (keyboard reachable). All workbook work goes
 * through the `Workbook` port; all server work through `api.ts`.
 */
import demoOrgCsv from '../../data/demo-org.csv?raw';
import { calendarImport, chinaDateOf, parseCalendarCsv } from '../../shared/calendar.ts';
import type { ConvertResult } from '../../shared/convert/index.ts';
import { LEDGER_KINDS, LEDGERS, type LedgerKind } from '../../shared/ledgers/index.ts';
import { buildOrgTree, type OrgTree, parseOrgCsv } from '../../shared/org.ts';
import { officeWorkbook } from '../excel/office-workbook.ts';
import {
  checkLedgerSheet,
  ledgerColumns,
  listColumns,
  placeIssues,
  planLedgerSheet,
  planTemplate,
} from '../excel/plan.ts';
import type { Workbook } from '../excel/port.ts';
import {
  dueSoonSheet,
  type NoticeCase,
  noticeSheet,
  noticeSubject,
  type ScoresPull,
  scoresSheets,
} from '../excel/scores.ts';
import { MemoryWorkbook } from '../memory-workbook.ts';
import { Api, ApiError } from './api.ts';
import { areasOf as areasIn, recogniseActiveSheet, writeConvertedLedger } from './conversion.ts';
import { rollPanel } from './roll-screen.ts';
import { locale, type StringKey, setLocale, t } from './strings.ts';
import './style.css';

type Panel = 'convert' | 'submit' | 'review' | 'scores' | 'roll' | 'notice';
const PANELS: Panel[] = ['convert', 'submit', 'review', 'scores', 'roll', 'notice'];
const TAB: Record<Panel, StringKey> = {
  convert: 'tabConvert',
  submit: 'tabSubmit',
  review: 'tabReview',
  scores: 'tabScores',
  roll: 'tabRoll',
  notice: 'tabNotice',
};

const params = new URLSearchParams(location.search);
const api = new Api(() => locale());
const state = {
  panel: (PANELS.includes(params.get('panel') as Panel) ? params.get('panel') : 'convert') as Panel,
  // The clerk's day, in China Standard Time (UTC's date is yesterday before 08:00 there).
  asOf: params.get('asOf') ?? chinaDateOf(Date.now()),
  org: buildOrgTree(parseOrgCsv(demoOrgCsv)) as OrgTree,
  unit: localStorage.getItem('minqing.unit') ?? '',
  converted: null as ConvertResult | null,
  corrections: {} as Record<string, string | null>,
  sourceName: '',
  ledger: null as { sheetName: string; kind: LedgerKind } | null,
  message: '',
  /** A warning that stays beside the message (due dates counted on weekends alone). */
  warning: '',
  /** The district's area code for bare landlines, once signed in (else the converter's default). */
  areaCode: null as string | null,
  error: '',
  progress: null as number | null,
};
let workbook: Workbook;
const typed: Record<string, string> = {};
let memory: MemoryWorkbook | null = null;

// —— tiny DOM helpers ——
type Child = Node | string | null | false | undefined;
function h(tag: string, attrs: Record<string, unknown> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value as EventListener);
    else if (name === 'value') (el as HTMLInputElement).value = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  // replaceChildren, not append: the Worker's types (for the API client) declare an HTMLRewriter
  // `Element` whose `append` hides the DOM's.
  el.replaceChildren(...children.filter((child): child is Node | string => !!child));
  return el;
}
const button = (label: string, onclick: () => unknown, attrs: Record<string, unknown> = {}) =>
  h('button', { type: 'button', onclick: () => run(onclick), ...attrs }, label);
const labelled = (label: string, control: HTMLElement) =>
  h('label', { class: 'field' }, label, control);
/** An input that keeps what was typed across re-renders (the pane redraws on every change). */
const input = (id: string, value: string, attrs: Record<string, unknown> = {}) =>
  h('input', {
    id,
    name: id,
    value: typed[id] ?? value,
    oninput: (event: Event) => {
      typed[id] = (event.target as HTMLInputElement).value;
    },
    ...attrs,
  }) as HTMLInputElement;
const fieldValue = (id: string) =>
  (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? '';

async function run(action: () => unknown): Promise<void> {
  state.error = '';
  state.warning = '';
  // Start the action before redrawing, so it reads the form as the user left it.
  const done = (async () => action())();
  state.message = t('working');
  render();
  try {
    await done;
    if (state.message === t('working')) state.message = '';
  } catch (error) {
    state.message = '';
    state.error = error instanceof Error ? error.message : String(error);
  }
  render();
}

function unitCode(): string {
  return api.user?.unit ?? state.unit;
}

function areasOf(unit: string): string[] {
  return areasIn(state.org, unit);
}

function convertContext() {
  const areaCode = state.areaCode ? { areaCode: state.areaCode } : {};
  return { org: state.org, unit: unitCode(), asOf: state.asOf, locale: locale(), ...areaCode };
}

// —— 转换 ——
async function recognise(): Promise<void> {
  const { sourceName, converted } = await recogniseActiveSheet(
    workbook,
    convertContext(),
    state.corrections,
  );
  state.sourceName = sourceName;
  state.converted = converted;
}

async function generate(): Promise<void> {
  if (!state.converted) await recognise();
  const converted = state.converted!;
  const written = await writeConvertedLedger(workbook, converted, convertContext());
  state.ledger = { sheetName: written.sheetName, kind: converted.kind };
  state.message = t('written', { sheet: written.sheetName, problems: written.problemsSheet });
}

async function recheck(): Promise<number> {
  if (!state.ledger) throw new Error(t('noLedger'));
  const { kind, sheetName } = state.ledger;
  const result = await workbook.revalidate(
    sheetName,
    ledgerColumns(kind, { locale: locale() }, true),
    (sheet) => checkLedgerSheet(sheet, kind, convertContext()).issues,
  );
  state.message = t('checked', { rows: result.rows, issues: result.issues.length });
  return result.issues.length;
}

async function newTemplate(): Promise<void> {
  const kind = fieldValue('template-kind') as LedgerKind;
  const plan = planTemplate(kind, { locale: locale(), areas: areasOf(unitCode()) });
  const written = await workbook.writeLedgerSheet(plan, listColumns(areasOf(unitCode())));
  state.ledger = { sheetName: written.sheetName, kind };
  state.message = t('written', { sheet: written.sheetName, problems: written.problemsSheet });
}

function convertPanel(): HTMLElement {
  const c = state.converted;
  const kindLabel = (kind: LedgerKind) => LEDGERS[kind].label[locale()];
  const counts = c && {
    good: c.rows.filter((r) => r.errors.length === 0).length,
    wrong: c.rows.filter((r) => r.errors.length > 0).length,
    skipped: c.ignoredRows.length,
  };
  return h(
    'section',
    { 'aria-labelledby': 'tab-convert' },
    api.user
      ? null
      : labelled(
          t('unit'),
          input('unit', state.unit, {
            onchange: () => {
              state.unit = fieldValue('unit');
              localStorage.setItem('minqing.unit', state.unit);
            },
          }),
        ),
    button(t('recognise'), recognise, { class: 'primary', id: 'recognise' }),
    c &&
      h(
        'div',
        { class: 'card', id: 'recognition' },
        h(
          'p',
          {},
          `${t('recognised')} `,
          h('strong', {}, kindLabel(c.kind)),
          ` · ${t('headerRow', { row: c.headerRow })}`,
        ),
        h(
          'p',
          { class: 'counts' },
          h('span', { class: 'good' }, `${t('good')} ${counts!.good}`),
          h('span', { class: 'wrong' }, `${t('wrong')} ${counts!.wrong}`),
          h('span', {}, `${t('skipped')} ${counts!.skipped}`),
        ),
        ...c.sheetErrors.map((e) => h('p', { class: 'error' }, e.message)),
        h(
          'details',
          {},
          h('summary', {}, t('mapping')),
          h(
            'table',
            { class: 'mapping' },
            h(
              'tr',
              {},
              h('th', {}, t('column')),
              h('th', {}, t('header')),
              h('th', {}, t('field')),
            ),
            ...c.columns.map((col) =>
              h(
                'tr',
                { class: col.field ? '' : 'unmapped' },
                h('td', {}, col.letter),
                h('td', {}, col.header),
                h(
                  'td',
                  {},
                  h(
                    'select',
                    {
                      'aria-label': `${t('column')} ${col.letter}`,
                      onchange: (event: Event) => {
                        const value = (event.target as HTMLSelectElement).value;
                        state.corrections[col.letter] = value === '' ? null : value;
                        void run(recognise);
                      },
                    },
                    h('option', { value: '' }, t('notImported')),
                    ...LEDGERS[c.kind].fields.map((f) =>
                      h(
                        'option',
                        { value: f.key, selected: f.key === col.field },
                        f.label[locale()],
                      ),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    h(
      'div',
      { class: 'row' },
      button(t('generate'), generate, { id: 'generate', class: 'primary' }),
      button(t('recheck'), recheck, { id: 'recheck', disabled: !state.ledger }),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'select',
        { id: 'template-kind', 'aria-label': t('template') },
        ...LEDGER_KINDS.map((kind) => h('option', { value: kind }, kindLabel(kind))),
      ),
      button(t('template'), newTemplate, { id: 'template' }),
    ),
  );
}

// —— 提交 ——
async function signIn(): Promise<void> {
  const user = await api.login(
    fieldValue('server'),
    fieldValue('username'),
    fieldValue('password'),
  );
  // Until an initial or expired password is changed the server answers nothing else.
  if (api.session.mustChangePassword) return;
  await loadOrg();
  state.message = t('signedIn', { name: user.username, unit: user.unitName });
}

/** The new password twice; the server checks the policy and its message is shown in the form. */
async function changePassword(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  const newPassword = fieldValue('new-password');
  if (newPassword !== fieldValue('new-password-again')) throw new Error(t('passwordsDiffer'));
  await api.changePassword(fieldValue('old-password'), newPassword);
  for (const id of ['old-password', 'new-password', 'new-password-again']) delete typed[id];
  await loadOrg();
  state.message = t('passwordChanged', { name: user.username, unit: user.unitName });
}

function passwordPanel(): HTMLElement {
  const field = (id: string, label: string, autocomplete: string) =>
    labelled(label, input(id, '', { type: 'password', autocomplete }));
  return h(
    'form',
    {
      class: 'card',
      id: 'change-password',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void run(changePassword);
      },
    },
    h('h2', {}, t('mustChangePassword')),
    h('p', { id: 'password-policy' }, t('passwordPolicy')),
    field('old-password', t('oldPassword'), 'current-password'),
    field('new-password', t('newPassword'), 'new-password'),
    field('new-password-again', t('newPasswordAgain'), 'new-password'),
    // The policy's answer belongs beside the fields it is about.
    state.error ? h('p', { class: 'error', role: 'alert', id: 'error' }, state.error) : null,
    h('button', { type: 'submit', class: 'primary', id: 'change' }, t('changePassword')),
    button(t('signOut'), () => api.logout(), { class: 'link' }),
  );
}

async function loadOrg(): Promise<void> {
  if (!api.user) return;
  const { units } = await api.units();
  state.org = buildOrgTree(units);
  // The district's area code turns a bare 8-digit landline into a full number, as on the server.
  state.areaCode = (await api.settings().catch(() => null))?.settings.areaCode ?? null;
}

async function hashKey(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function submit(): Promise<void> {
  if (!state.ledger) throw new Error(t('noLedger'));
  const { kind, sheetName } = state.ledger;
  const read = await workbook.readNamedSheet(sheetName);
  const { converted, issues } = checkLedgerSheet(read.sheet, kind, convertContext());
  if (issues.length > 0) {
    await recheck();
    throw new Error(t('fixFirst', { issues: issues.length }));
  }
  const period = fieldValue('period');
  const body = {
    kind,
    unit: unitCode(),
    period,
    sourceName: state.sourceName || sheetName,
    rows: converted.rows.map((r) => ({ row: r.row, values: r.values })),
  };
  // The same content gives the same key: a resubmitted workbook is recognised, a corrected one is a new version.
  const key = await hashKey(JSON.stringify(body));
  const previous = await workbook.readSetting<{ idempotencyKey: string }>(`receipt:${sheetName}`);
  state.progress = 0;
  render();
  try {
    const receipt = await api.submit(body, key, (fraction) => {
      state.progress = fraction;
      const bar = document.getElementById('progress') as HTMLProgressElement | null;
      if (bar) bar.value = fraction;
    });
    await workbook.writeSetting(`receipt:${sheetName}`, receipt);
    state.message =
      previous?.idempotencyKey === receipt.idempotencyKey
        ? t('sameAgain')
        : t('submitted', { ...receipt });
  } catch (error) {
    if (error instanceof ApiError && error.issues.length > 0) {
      await workbook.revalidate(sheetName, ledgerColumns(kind, {}, true), (sheet) =>
        placeIssues(sheet, kind, error.issues),
      );
      throw new Error(t('serverRejected', { issues: error.issues.length }));
    }
    throw error;
  } finally {
    state.progress = null;
  }
}

function submitPanel(): HTMLElement {
  const user = api.user;
  return h(
    'section',
    {},
    user
      ? h(
          'div',
          { class: 'card' },
          h('p', { id: 'signed-in' }, t('signedIn', { name: user.username, unit: user.unitName })),
          button(t('signOut'), () => api.logout()),
        )
      : h(
          'form',
          {
            class: 'card',
            onsubmit: (e: Event) => {
              e.preventDefault();
              void run(signIn);
            },
          },
          labelled(t('server'), input('server', api.session.server, { placeholder: 'https://…' })),
          labelled(t('username'), input('username', '', { autocomplete: 'username' })),
          labelled(
            t('password'),
            input('password', '', { type: 'password', autocomplete: 'current-password' }),
          ),
          h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, t('signIn')),
        ),
    labelled(t('period'), input('period', state.asOf.slice(0, 4))),
    button(t('submit'), submit, { id: 'submit', class: 'primary', disabled: !user }),
    state.progress !== null &&
      h('progress', { id: 'progress', max: '1', value: String(state.progress) }),
  );
}

// —— 审核 ——
let inbox: Awaited<ReturnType<Api['inbox']>>['items'] = [];

async function loadInbox(): Promise<void> {
  if (!api.user) throw new Error(t('signInFirst'));
  inbox = (await api.inbox(api.user.unit)).items.filter((s) => s.unit !== api.user?.unit);
}

async function openSubmission(id: string): Promise<void> {
  const { submission, rows } = await api.submission(id);
  const kind = submission.kind as LedgerKind;
  const converted: ConvertResult = {
    kind,
    headerRow: 1,
    titleYear: null,
    titleUnit: submission.unit,
    columns: [],
    rows: rows.map((r) => ({ row: r.row, values: r.values, errors: [], original: {} })),
    ignoredRows: [],
    unknownColumns: [],
    missingColumns: [],
    sheetErrors: [],
  };
  const plan = planLedgerSheet(converted, { locale: locale() });
  plan.sheetName = `${submission.unitName}${LEDGERS[kind].label.zh}`;
  await workbook.writeLedgerSheet(plan, listColumns());
}

function reviewPanel(): HTMLElement {
  return h(
    'section',
    {},
    button(t('refresh'), loadInbox, { id: 'refresh-inbox' }),
    h('h3', {}, t('inbox')),
    inbox.length === 0
      ? h('p', { class: 'muted' }, t('empty'))
      : h(
          'ul',
          { class: 'inbox' },
          ...inbox.map((s) =>
            h(
              'li',
              { class: 'card' },
              h(
                'p',
                {},
                h('strong', {}, s.unitName),
                ` ${LEDGERS[s.kind as LedgerKind]?.label[locale()] ?? s.kind} · ${s.period} · v${s.version} · ${s.rows}`,
              ),
              h(
                'div',
                { class: 'row' },
                button(t('open'), () => openSubmission(s.id)),
                button(
                  t('accept'),
                  async () => {
                    await api.accept(s.id);
                    await loadInbox();
                  },
                  { class: 'primary', 'data-accept': s.id },
                ),
                input(`reason-${s.id}`, '', {
                  placeholder: t('reason'),
                  'aria-label': t('reason'),
                }),
                button(t('returnIt'), async () => {
                  await api.returnSubmission(s.id, fieldValue(`reason-${s.id}`));
                  await loadInbox();
                }),
              ),
            ),
          ),
        ),
    h(
      'div',
      { class: 'row' },
      labelled(t('period'), input('forward-period', state.asOf.slice(0, 4))),
      button(t('forward'), async () => {
        if (!api.user) throw new Error(t('signInFirst'));
        await api.forward(api.user.unit, fieldValue('forward-period'));
      }),
    ),
  );
}

// —— 汇总 ——
async function pullScores(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  const period = fieldValue('score-period');
  const by = fieldValue('score-by') as ScoresPull['by'];
  const query = { unit: user.unit, period, asOf: state.asOf };
  const scores = await api.scores({ ...query, by });
  const months = Array.from(
    { length: 12 },
    (_, i) => `${period.slice(0, 4)}-${String(i + 1).padStart(2, '0')}`,
  ).filter((m) => m <= state.asOf.slice(0, 7));
  const trend = await Promise.all(
    months.map(async (month) => {
      const monthly = await api.scores({ ...query, period: month, by });
      return { month, composite: monthly.total.composite, intake: monthly.total.intake };
    }),
  );
  const optional = <T>(promise: Promise<T>) => promise.catch(() => undefined);
  const supervision = await optional(
    api.supervision({ unit: user.unit, asOf: state.asOf, limit: '500' }),
  );
  const frequent = await optional(api.frequent({ unit: user.unit, month: state.asOf.slice(0, 7) }));
  const sheets = scoresSheets({
    calendarGaps: scores.calendarGaps,
    unitName: user.unitName,
    period,
    asOf: state.asOf,
    by,
    total: scores.total,
    groups: scores.groups,
    trend,
    ...(supervision
      ? { supervision: [...(supervision.overdue ?? []), ...(supervision.widespread ?? [])] }
      : {}),
    ...(frequent ? { frequent } : {}),
  });
  // 汇总 last, so it is the sheet left in front.
  await workbook.writeReports([...sheets.slice(1), sheets[0]!]);
  state.message = t('pulled');
  warnCalendarGaps([...new Set([...scores.calendarGaps, ...(supervision?.calendarGaps ?? [])])]);
}

/** Due dates in a year whose holidays are not loaded were counted on weekends alone: say so. */
function warnCalendarGaps(years: readonly number[]): void {
  const sorted = [...years].sort((a, b) => a - b);
  if (sorted.length > 0) state.warning = t('calendarGap', { years: sorted.join('、') });
}

// —— 临期 ——
async function writeDueSoonSheet(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  const list = await api.dueSoon({ unit: user.unit, asOf: state.asOf });
  await workbook.writeReports([
    dueSoonSheet({
      unitName: user.unitName,
      asOf: list.asOf,
      until: list.until,
      days: list.days,
      items: list.items.map((item) => ({
        ...item,
        area: item.area ? (state.org.get(item.area)?.name ?? item.area) : null,
      })),
      calendarGaps: list.calendarGaps,
    }),
  ]);
  state.message = t('dueSoonDone', { count: list.items.length, until: list.until });
  warnCalendarGaps(list.calendarGaps);
}

// —— 节假日安排（区管理员）——
function isDistrictAdmin(): boolean {
  const user = api.user;
  return !!user?.roles.includes('admin') && state.org.get(user.unit)?.kind === 'district';
}

async function importCalendar(): Promise<void> {
  const file = (document.getElementById('calendar-file') as HTMLInputElement | null)?.files?.[0];
  if (!file) throw new Error(t('calendarChoose'));
  const { days, bad } = parseCalendarCsv(await file.text());
  if (bad) throw new Error(t('calendarBadLine', { line: bad.line, text: bad.text }));
  if (days.length === 0) throw new Error(t('calendarChoose'));
  const body = calendarImport(days);
  const result = await api.importCalendar(body);
  state.message = t('calendarImported', {
    years: body.years.join('、'),
    holidays: body.holidays.length,
    workdays: body.workdays.length,
    recomputed: result.recomputed,
  });
}

function scoresPanel(): HTMLElement {
  const options: [string, StringKey][] = [
    ['children', 'byChildren'],
    ['area', 'byArea'],
    ['department', 'byDepartment'],
    ['cadre', 'byCadre'],
  ];
  return h(
    'section',
    {},
    labelled(t('period'), input('score-period', state.asOf.slice(0, 4))),
    labelled(
      t('by'),
      h(
        'select',
        { id: 'score-by' },
        ...options.map(([value, key]) => h('option', { value }, t(key))),
      ),
    ),
    button(t('pull'), pullScores, { id: 'pull', class: 'primary' }),
    // The clerk's or department's morning list.
    button(t('dueSoon'), writeDueSoonSheet, { id: 'due-soon' }),
    isDistrictAdmin()
      ? h(
          'div',
          { class: 'row' },
          labelled(
            t('calendarFile'),
            h('input', { id: 'calendar-file', type: 'file', accept: '.csv,text/csv' }),
          ),
          button(t('calendarImport'), importCalendar, { id: 'calendar-import' }),
        )
      : null,
    mayRefer() ? dispatchForm() : null,
    mayRefer() ? referralForm() : null,
  );
}

async function dispatchCase(again: boolean): Promise<void> {
  const id = fieldValue('dispatch-id');
  const json = {
    department: fieldValue('dispatch-department'),
    handler: fieldValue('dispatch-handler'),
    plan: fieldValue('dispatch-plan'),
  };
  const result = await api.dispatch(id, json, again);
  state.message = t('dispatched', {
    id: result.id,
    department: state.org.get(result.department)?.name ?? result.department,
    on: result.dispatchedOn,
    due: result.resolutionDue,
  });
}

async function grantExtension(): Promise<void> {
  const result = await api.grantExtension(fieldValue('dispatch-id'));
  state.message = t('extensionGranted', {
    id: result.id,
    days: result.days,
    due: result.resolutionDue,
  });
}

/** The district's dispatch (派单), reassignment (改派) and extension grant (docs/decisions/0010). */
function dispatchForm(): HTMLElement {
  const district = api.user!.unit;
  const departments = state.org.children(district).filter((u) => u.kind === 'department');
  return h(
    'fieldset',
    { id: 'dispatch' },
    h('legend', {}, t('dispatchTitle')),
    h('p', { class: 'hint' }, t('dispatchHint')),
    labelled(t('dispatchId'), input('dispatch-id', '', { inputmode: 'numeric' })),
    labelled(
      t('dispatchDepartment'),
      h(
        'select',
        { id: 'dispatch-department' },
        ...departments.map((u) => h('option', { value: u.code }, u.name)),
      ),
    ),
    labelled(t('dispatchHandler'), input('dispatch-handler', '')),
    labelled(t('dispatchPlan'), input('dispatch-plan', '')),
    button(t('dispatch'), () => dispatchCase(false), { id: 'dispatch-case' }),
    button(t('reassign'), () => dispatchCase(true), { id: 'reassign-case' }),
    button(t('grantExtension'), grantExtension, { id: 'grant-extension' }),
  );
}

/** Only a district reviewer or admin refers a case to 常委会 (docs/rules.md, "The ladder"). */
function mayRefer(): boolean {
  const user = api.user;
  if (!user || state.org.get(user.unit)?.kind !== 'district') return false;
  return user.roles.some((role) => role === 'reviewer' || role === 'admin');
}

async function referCase(): Promise<void> {
  const id = fieldValue('refer-id');
  const result = await api.refer(id, fieldValue('refer-reason'), fieldValue('refer-meeting'));
  state.message = t('referred', { id: result.id, meeting: result.meetingOn });
}

function referralForm(): HTMLElement {
  return h(
    'fieldset',
    { id: 'referral' },
    h('legend', {}, t('referTitle')),
    h('p', { class: 'hint' }, t('referHint')),
    labelled(t('referId'), input('refer-id', '', { inputmode: 'numeric' })),
    labelled(t('referReason'), input('refer-reason', '')),
    labelled(t('referMeeting'), input('refer-meeting', state.asOf, { type: 'date' })),
    button(t('refer'), referCase, { id: 'refer' }),
  );
}

// —— 公示 ——
/** The lines of the coming notice, listed for the clerk to approve before the sheet is written. */
interface NoticeDraft {
  month: string;
  open: NoticeCase[];
  settled: NoticeCase[];
}
let noticeDraft: NoticeDraft | null = null;

/** Lists the month's lines with default subjects (category · area); nothing is written yet. */
async function listNotice(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  const month = fieldValue('notice-month');
  const { items } = await api.cases({ unit: user.unit, limit: '500', sort: '-receivedOn' });
  const previous = new Date(`${month}-01T00:00:00Z`);
  previous.setUTCMonth(previous.getUTCMonth() - 1);
  const last = previous.toISOString().slice(0, 7);
  // A case's fields are in its canonical `values`; the summary and result are never read here.
  const cases = items.map(({ values }): NoticeCase => {
    const text = (key: string) => {
      const value = values[key];
      return typeof value === 'string' ? value : null;
    };
    return {
      subject: noticeSubject(text('category'), unitName(text('area'))),
      status: text('status'),
      receivedOn: text('receivedOn'),
      resolvedOn: text('resolvedOn'),
      satisfaction: text('satisfaction'),
      // The public reads a department's name, not its code.
      assignee: unitName(text('assignee')),
    };
  });
  noticeDraft = {
    month,
    open: cases.filter((c) => c.status !== '已办结'),
    settled: cases.filter((c) => c.resolvedOn?.startsWith(last)),
  };
  for (const id of Object.keys(typed)) if (id.startsWith('notice-subject-')) delete typed[id];
  state.message = t('noticeListed');
}

async function writeNoticeSheet(): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  if (!noticeDraft) throw new Error(t('noticeListFirst'));
  const draft = noticeDraft;
  // The subjects as the clerk left them in the pane.
  const approved = (part: 'open' | 'settled') =>
    draft[part].map((c, i) => ({
      ...c,
      subject: fieldValue(`notice-subject-${part}-${i}`) || c.subject,
    }));
  await workbook.writeReports([
    noticeSheet({
      unitName: user.unitName,
      month: draft.month,
      open: approved('open'),
      settled: approved('settled'),
    }),
  ]);
  state.message = t('noticeDone');
}

/** A unit as the public reads it: its name when the ledger gives a unit code. */
function unitName(code: string | null): string | null {
  if (code === null) return null;
  return state.org.get(code)?.name ?? code;
}

function noticeLines(part: 'open' | 'settled', cases: readonly NoticeCase[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'card', id: `notice-${part}` },
    h('legend', {}, t(part === 'open' ? 'noticeOpen' : 'noticeSettled')),
    ...cases.map((c, i) =>
      h(
        'div',
        { class: 'notice-line' },
        labelled(t('noticeSubject', { n: i + 1 }), input(`notice-subject-${part}-${i}`, c.subject)),
        h(
          'small',
          {},
          [c.assignee, c.status, c.resolvedOn, c.satisfaction].filter(Boolean).join(' · '),
        ),
      ),
    ),
  );
}

function noticePanel(): HTMLElement {
  return h(
    'section',
    {},
    labelled(t('month'), input('notice-month', state.asOf.slice(0, 7), { type: 'month' })),
    button(t('noticeList'), listNotice, { id: 'notice-list' }),
    noticeDraft && noticeLines('open', noticeDraft.open),
    noticeDraft && noticeLines('settled', noticeDraft.settled),
    button(t('notice'), writeNoticeSheet, {
      id: 'notice',
      class: 'primary',
      disabled: !noticeDraft,
    }),
  );
}

// —— the shell ——
const PANEL_VIEW: Record<Panel, () => HTMLElement> = {
  convert: convertPanel,
  submit: submitPanel,
  review: reviewPanel,
  scores: scoresPanel,
  roll: () =>
    rollPanel({
      api,
      workbook,
      org: state.org,
      asOf: state.asOf,
      say: (m) => (state.message = m),
      h,
      button,
      labelled,
      input,
      fieldValue,
    }),
  notice: noticePanel,
};

function render(): void {
  const app = document.getElementById('app')!;
  const focused = document.activeElement?.id;
  const mustChange = !!api.user && !!api.session.mustChangePassword;
  const parts: Child[] = [
    h(
      'header',
      {},
      h('h1', {}, t('title')),
      button(t('language'), () => setLocale(locale() === 'zh' ? 'en' : 'zh'), {
        class: 'link',
        id: 'language',
      }),
    ),
    ...(mustChange
      ? [passwordPanel()]
      : [tabs(), h('main', { role: 'tabpanel' }, PANEL_VIEW[state.panel]())]),
    h('p', { class: 'status', role: 'status', id: 'status' }, state.message),
    state.warning
      ? h('p', { class: 'warning', role: 'alert', id: 'warning' }, state.warning)
      : null,
    state.error && !mustChange
      ? h('p', { class: 'error', role: 'alert', id: 'error' }, state.error)
      : null,
    memory ? preview(memory) : null,
  ];
  app.replaceChildren(...parts.filter((part): part is Node | string => !!part));
  if (focused) document.getElementById(focused)?.focus();
}

function tabs(): HTMLElement {
  return h(
    'nav',
    { role: 'tablist' },
    ...PANELS.map((panel) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${panel}`,
          'aria-selected': String(panel === state.panel),
          onclick: () => {
            state.panel = panel;
            render();
          },
        },
        t(TAB[panel]),
      ),
    ),
  );
}

/** Demo mode outside Excel: the in-memory workbook's active sheet, drawn below the pane. */
function preview(book: MemoryWorkbook): HTMLElement {
  const name = book.active;
  const grid = name ? book.grid(name).slice(0, 14) : [];
  return h(
    'aside',
    { class: 'preview', 'aria-label': 'workbook' },
    h(
      'p',
      { class: 'tabs' },
      ...book.sheets
        .filter((s) => !s.hidden)
        .map((s) => h('span', { class: s.name === name ? 'active' : '' }, s.name)),
    ),
    h(
      'table',
      {},
      ...grid.map((row) =>
        h(
          'tr',
          {},
          ...row
            .slice(0, 8)
            .map((cell) =>
              h(
                'td',
                { class: cell.fill ? 'marked' : '', title: cell.note ?? '' },
                String(cell.value ?? '').slice(0, 12),
              ),
            ),
        ),
      ),
    ),
  );
}

function start(inExcel: boolean): void {
  if (!inExcel || params.get('workbook') === 'memory') {
    memory = new MemoryWorkbook();
    memory.onChange = () => render();
    workbook = memory;
    (window as unknown as { minqing: unknown }).minqing = { workbook: memory };
  } else {
    workbook = officeWorkbook(() => locale());
  }
  setLocale(locale());
  render();
  void loadOrg().catch(() => {});
}

if (typeof Office !== 'undefined') {
  Office.onReady((info) => start(info.host === Office.HostType.Excel));
} else start(false);
