/** 审核: the inbox of the child units' submissions; open one, accept it or return it; forward. */
import type { ConvertResult } from '../../../shared/convert/index.ts';
import { LEDGERS, type LedgerKind } from '../../../shared/ledgers/index.ts';
import { listColumns, planLedgerSheet } from '../../excel/plan.ts';
import type { Api } from '../api.ts';
import { api, exposeActions, pane, type Screen } from '../app.ts';
import { locale, t } from '../strings.ts';
import { button, fieldValue, h, textField } from '../ui.ts';

let inbox: Awaited<ReturnType<Api['inbox']>>['items'] = [];

/** The child units' submissions waiting in the signed-in unit's inbox. */
export async function loadInbox(): Promise<typeof inbox> {
  if (!api.user) throw new Error(t('signInFirst'));
  inbox = (await api.inbox(api.user.unit)).items.filter((s) => s.unit !== api.user?.unit);
  return inbox;
}

/** Accepts submission `id`, or returns it with the reason; then reloads the inbox. */
export async function reviewDecision(
  id: string,
  decision: 'accept' | 'return',
  reason = '',
): Promise<void> {
  if (decision === 'accept') await api.accept(id);
  else await api.returnSubmission(id, reason);
  await loadInbox();
}

/** Forwards the unit's accepted submissions for the period up the ladder. */
export async function forwardPeriod(period: string): Promise<void> {
  if (!api.user) throw new Error(t('signInFirst'));
  await api.forward(api.user.unit, period);
}

export async function openSubmission(id: string): Promise<void> {
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
  const plan = planLedgerSheet(converted, { locale: locale(), org: pane.org });
  plan.sheetName = `${submission.unitName}${LEDGERS[kind].label.zh}`;
  await pane.workbook.writeLedgerSheet(plan, listColumns());
}

function item(s: (typeof inbox)[number]): HTMLElement {
  return h(
    'li',
    { class: 'card stack' },
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
      button(t('accept'), () => reviewDecision(s.id, 'accept'), {
        primary: true,
        'data-accept': s.id,
      }),
    ),
    textField(`reason-${s.id}`, t('reason'), ''),
    button(t('returnIt'), () => reviewDecision(s.id, 'return', fieldValue(`reason-${s.id}`))),
  );
}

function view(): HTMLElement {
  return h(
    'div',
    { class: 'stack' },
    button(t('refresh'), loadInbox, { id: 'refresh-inbox' }),
    h('h2', {}, t('inbox')),
    inbox.length === 0
      ? h('p', { class: 'muted' }, t('empty'))
      : h('ul', { class: 'inbox' }, ...inbox.map(item)),
    textField('forward-period', t('period'), pane.asOf.slice(0, 4)),
    button(t('forward'), () => forwardPeriod(fieldValue('forward-period'))),
  );
}

export const reviewScreen: Screen = { id: 'review', tab: () => t('tabReview'), view };

exposeActions({ loadInbox, openSubmission, reviewDecision, forwardPeriod });
