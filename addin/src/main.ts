/**
 * The task pane's shell: the title and language switch, a Fluent tab per screen, the screen,
 * and below it the status line and the warning and error message bars. Each screen is a module
 * in `screens/` (its own state, actions and view); adding one is an import and a line in
 * `SCREENS`. All workbook work goes through the `Workbook` port; all server work through
 * `api.ts`. Keyboard: Tab moves through every control in reading order, the arrow keys move
 * between tabs, Enter submits a form or presses the focused button, Escape dismisses the
 * messages (and closes the column mapping).
 */
import { officeWorkbook } from '../excel/office-workbook.ts';
import { MemoryWorkbook } from '../memory-workbook.ts';
import { api, fetchOrg, pane, params, type Screen } from './app.ts';
import { applyTheme, type OfficeColours } from './fluent.ts';
import { convertScreen } from './screens/convert.ts';
import { noticeScreen } from './screens/notice.ts';
import { reviewScreen } from './screens/review.ts';
import { rollScreen } from './screens/roll.ts';
import { scoresScreen } from './screens/scores.ts';
import { passwordForm, submitScreen } from './screens/submit.ts';
import { locale, setLocale, t } from './strings.ts';
import { button, type Child, h, messageBar, notes, onRedraw, render } from './ui.ts';
import './style.css';

/** The pane's screens, in tab order. */
const SCREENS: readonly Screen[] = [
  convertScreen,
  submitScreen,
  reviewScreen,
  scoresScreen,
  rollScreen,
  noticeScreen,
];

let current: Screen = SCREENS.find((s) => s.id === params.get('panel')) ?? SCREENS[0]!;
let memory: MemoryWorkbook | null = null;

function draw(): void {
  const app = document.getElementById('app')!;
  const focused = document.activeElement?.id;
  const mustChange = !!api.user && !!api.session.mustChangePassword;
  const parts: Child[] = [
    h(
      'header',
      {},
      h('h1', {}, t('title')),
      button(t('language'), () => setLocale(locale() === 'zh' ? 'en' : 'zh'), {
        id: 'language',
        appearance: 'transparent',
        lang: locale() === 'zh' ? 'en' : 'zh-CN',
      }),
    ),
    ...(mustChange
      ? [passwordForm()]
      : [
          tabs(),
          h(
            'main',
            { role: 'tabpanel', id: 'panel', 'aria-labelledby': `tab-${current.id}` },
            current.view(),
          ),
        ]),
    h('p', { class: 'status', role: 'status', id: 'status' }, notes.message),
    notes.warning
      ? messageBar('warning', notes.warning, { id: 'warning' }, dismiss('warning'))
      : null,
    notes.error && !mustChange
      ? messageBar('error', notes.error, { id: 'error' }, dismiss('error'))
      : null,
    memory ? preview(memory) : null,
  ];
  app.replaceChildren(...parts.filter((part): part is Node | string => !!part));
  if (focused) document.getElementById(focused)?.focus();
}

const dismiss = (which: 'error' | 'warning') => ({
  label: t('dismiss'),
  action: () => {
    notes[which] = '';
  },
});

function tabs(): HTMLElement {
  return h(
    'fluent-tablist',
    {
      activeid: `tab-${current.id}`,
      'aria-label': t('title'),
      onchange: (event: Event) => {
        const id = (event.target as { activeid?: string }).activeid?.replace(/^tab-/, '');
        const next = SCREENS.find((s) => s.id === id);
        if (!next || next === current) return;
        current = next;
        render();
      },
    },
    ...SCREENS.map((screen) =>
      h(
        'fluent-tab',
        { id: `tab-${screen.id}`, role: 'tab', 'aria-controls': 'panel' },
        screen.tab(),
      ),
    ),
  );
}

/** Escape dismisses what the pane said and closes the column mapping. */
function onKey(event: KeyboardEvent): void {
  if (event.key !== 'Escape') return;
  const mapping = document.getElementById('mapping') as HTMLDetailsElement | null;
  if (mapping?.open) {
    mapping.open = false;
    mapping.querySelector('summary')?.focus();
    return;
  }
  if (notes.error || notes.warning || notes.message) {
    notes.error = '';
    notes.warning = '';
    notes.message = '';
    render();
  }
}

/** Demo mode outside Excel: the in-memory workbook's active sheet, drawn below the pane. */
function preview(book: MemoryWorkbook): HTMLElement {
  const name = book.active;
  const grid = name ? book.grid(name).slice(0, 14) : [];
  return h(
    'aside',
    { class: 'preview', 'aria-label': t('preview') },
    h(
      'p',
      { class: 'tabs' },
      ...book.sheets
        .filter((s) => !s.hidden)
        .map((s) => h('span', { class: s.name === name ? 'active' : '' }, s.name)),
    ),
    h(
      'div',
      { class: 'grid', tabindex: '0', role: 'region', 'aria-label': name ?? '' },
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
    ),
  );
}

function start(inExcel: boolean): void {
  if (!inExcel || params.get('workbook') === 'memory') {
    memory = new MemoryWorkbook();
    memory.onChange = () => render();
    pane.workbook = memory;
    (window as unknown as { minqing: unknown }).minqing = { workbook: memory };
  } else {
    pane.workbook = officeWorkbook(() => locale());
  }
  if (typeof Office !== 'undefined' && Office.context?.officeTheme) {
    applyTheme(Office.context.officeTheme as OfficeColours);
  }
  onRedraw(draw);
  document.addEventListener('keydown', onKey);
  setLocale(locale());
  render();
  void fetchOrg().catch(() => {});
}

if (typeof Office !== 'undefined') {
  Office.onReady((info) => start(info.host === Office.HostType.Excel));
} else start(false);
