/** 公示: list the month's lines with default subjects for the clerk to approve, then print. */
import { type NoticeCase, noticeSheet, noticeSubject } from '../../excel/notice.ts';
import { api, exposeActions, pane, type Screen, unitName } from '../app.ts';
import { t } from '../strings.ts';
import { button, fieldValue, forget, h, labelled, nativeInput, notes, textField } from '../ui.ts';

/** The lines of the coming notice, listed for the clerk to approve before the sheet is written. */
export interface NoticeDraft {
  month: string;
  open: NoticeCase[];
  settled: NoticeCase[];
}
let draft: NoticeDraft | null = null;

/** Lists the month's lines with default subjects (category · area); nothing is written yet. */
export async function listNotice(month: string): Promise<NoticeDraft> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
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
  draft = {
    month,
    open: cases.filter((c) => c.status !== '已办结'),
    settled: cases.filter((c) => c.resolvedOn?.startsWith(last)),
  };
  forget('notice-subject-');
  notes.message = t('noticeListed');
  return draft;
}

/**
 * Writes the notice sheet from the listed lines; `subjects` are the clerk's approved subjects
 * by line (an empty or missing one keeps the default).
 */
export async function writeNoticeSheet(
  subjects: { open?: readonly string[]; settled?: readonly string[] } = {},
): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  if (!draft) throw new Error(t('noticeListFirst'));
  const listed = draft;
  const approved = (part: 'open' | 'settled') =>
    listed[part].map((c, i) => ({ ...c, subject: subjects[part]?.[i] || c.subject }));
  await pane.workbook.writeReports([
    noticeSheet({
      unitName: user.unitName,
      month: listed.month,
      open: approved('open'),
      settled: approved('settled'),
    }),
  ]);
  notes.message = t('noticeDone');
}

function listFromForm(): Promise<unknown> {
  return listNotice(fieldValue('notice-month'));
}

/** The subjects as the clerk left them in the pane. */
function writeFromForm(): Promise<void> {
  const edited = (part: 'open' | 'settled') =>
    (draft?.[part] ?? []).map((_, i) => fieldValue(`notice-subject-${part}-${i}`));
  return writeNoticeSheet({ open: edited('open'), settled: edited('settled') });
}

function lines(part: 'open' | 'settled', cases: readonly NoticeCase[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'card stack', id: `notice-${part}` },
    h('legend', {}, t(part === 'open' ? 'noticeOpen' : 'noticeSettled')),
    ...cases.map((c, i) =>
      h(
        'div',
        { class: 'notice-line' },
        textField(`notice-subject-${part}-${i}`, t('noticeSubject', { n: i + 1 }), c.subject),
        h(
          'small',
          {},
          [c.assignee, c.status, c.resolvedOn, c.satisfaction].filter(Boolean).join(' · '),
        ),
      ),
    ),
  );
}

function view(): HTMLElement {
  return h(
    'div',
    { class: 'stack' },
    labelled(t('month'), nativeInput('notice-month', pane.asOf.slice(0, 7), { type: 'month' })),
    button(t('noticeList'), listFromForm, { id: 'notice-list' }),
    draft && lines('open', draft.open),
    draft && lines('settled', draft.settled),
    button(t('notice'), writeFromForm, { id: 'notice', primary: true, disabled: !draft }),
  );
}

export const noticeScreen: Screen = { id: 'notice', tab: () => t('tabNotice'), view };

exposeActions({ listNotice, writeNoticeSheet });
