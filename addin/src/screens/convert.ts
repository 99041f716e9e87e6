/**
 * 转换: recognise the clerk's sheet, correct how a column maps (列对应), write the standard
 * ledger beside it, check it again after edits, or start a blank ledger from a template.
 */
import type { ConvertResult } from '../../../shared/convert/index.ts';
import { LEDGER_KINDS, LEDGERS, type LedgerKind } from '../../../shared/ledgers/index.ts';
import { checkLedgerSheet, ledgerColumns, listColumns, planTemplate } from '../../excel/plan.ts';
import { api, convertContext, exposeActions, pane, type Screen, unitCode } from '../app.ts';
import { areaNamesOf, recogniseActiveSheet, writeConvertedLedger } from '../conversion.ts';
import { locale, t } from '../strings.ts';
import {
  button,
  fieldValue,
  h,
  labelled,
  messageBar,
  notes,
  run,
  select,
  textField,
} from '../ui.ts';

const convert = {
  converted: null as ConvertResult | null,
  corrections: {} as Record<string, string | null>,
  /** The mapping stays open while the clerk corrects one column after another. */
  mappingOpen: false,
};

/** Recognises the active sheet as a ledger, with the clerk's column corrections. */
export async function recognise(): Promise<void> {
  const { sourceName, converted } = await recogniseActiveSheet(
    pane.workbook,
    convertContext(),
    convert.corrections,
  );
  pane.sourceName = sourceName;
  convert.converted = converted;
  // The workbook now remembers each correction by its header (列对应); keeping them here too
  // would carry one sheet's column letters over to the next sheet.
  convert.corrections = {};
}

/** Writes the standard ledger sheet (and its problems) from the recognised sheet. */
export async function generate(): Promise<void> {
  if (!convert.converted) await recognise();
  const converted = convert.converted!;
  const written = await writeConvertedLedger(pane.workbook, converted, convertContext());
  pane.ledger = { sheetName: written.sheetName, kind: converted.kind };
  notes.message = t('written', { sheet: written.sheetName, problems: written.problemsSheet });
}

/** Checks the standard ledger again as the clerk left it; the number of problems. */
export async function recheck(): Promise<number> {
  if (!pane.ledger) throw new Error(t('noLedger'));
  const { kind, sheetName } = pane.ledger;
  const result = await pane.workbook.revalidate(
    sheetName,
    ledgerColumns(kind, { locale: locale() }, true),
    (sheet) => checkLedgerSheet(sheet, kind, convertContext()).issues,
  );
  notes.message = t('checked', { rows: result.rows, issues: result.issues.length });
  return result.issues.length;
}

/** Writes an empty standard sheet of the ledger `kind`, with the unit's areas in its lists. */
export async function newTemplate(kind: LedgerKind): Promise<void> {
  const areas = areaNamesOf(pane.org, unitCode());
  const plan = planTemplate(kind, { locale: locale(), areas });
  const written = await pane.workbook.writeLedgerSheet(plan, listColumns(areas));
  pane.ledger = { sheetName: written.sheetName, kind };
  notes.message = t('written', { sheet: written.sheetName, problems: written.problemsSheet });
}

const kindLabel = (kind: LedgerKind) => LEDGERS[kind].label[locale()];

function recognition(c: ConvertResult): HTMLElement {
  const good = c.rows.filter((r) => r.errors.length === 0).length;
  return h(
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
      h('span', { class: 'good' }, `${t('good')} ${good}`),
      h('span', { class: 'wrong' }, `${t('wrong')} ${c.rows.length - good}`),
      h('span', {}, `${t('skipped')} ${c.ignoredRows.length}`),
    ),
    ...c.sheetErrors.map((e) => messageBar('error', e.message)),
    mapping(c),
  );
}

/** 列对应: one dropdown per column; a change converts again at once (and is remembered). */
function mapping(c: ConvertResult): HTMLElement {
  const fields = LEDGERS[c.kind].fields;
  return h(
    'details',
    {
      id: 'mapping',
      open: convert.mappingOpen,
      ontoggle: (event: Event) => {
        convert.mappingOpen = (event.target as HTMLDetailsElement).open;
      },
    },
    h('summary', {}, t('mapping')),
    h(
      'table',
      { class: 'mapping' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('column')),
          h('th', { scope: 'col' }, t('header')),
          h('th', { scope: 'col' }, t('field')),
        ),
      ),
      h(
        'tbody',
        {},
        ...c.columns.map((col) =>
          h(
            'tr',
            { class: col.field ? '' : 'unmapped' },
            h('td', {}, col.letter),
            h(
              'td',
              {},
              col.header,
              col.by === 'remembered' ? h('span', { class: 'badge' }, t('remembered')) : null,
            ),
            h(
              'td',
              {},
              select(
                `map-${col.letter}`,
                [
                  { value: '', label: t('notImported') },
                  ...fields.map((f) => ({
                    value: f.key,
                    label: f.label[locale()],
                    selected: f.key === col.field,
                  })),
                ],
                {
                  'aria-label': t('mapColumn', { letter: col.letter, header: col.header }),
                  onchange: (event: Event) => {
                    const value = (event.target as HTMLSelectElement).value;
                    convert.corrections[col.letter] = value === '' ? null : value;
                    // The clerk is working in the mapping: it stays open through the redraws.
                    convert.mappingOpen = true;
                    void run(recognise);
                  },
                },
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function view(): HTMLElement {
  const c = convert.converted;
  return h(
    'div',
    { class: 'stack' },
    api.user
      ? null
      : textField('unit', t('unit'), pane.unit, {
          onchange: () => {
            pane.unit = fieldValue('unit');
            localStorage.setItem('minqing.unit', pane.unit);
          },
        }),
    button(t('recognise'), recognise, { primary: true, id: 'recognise' }),
    c && recognition(c),
    h(
      'div',
      { class: 'row' },
      button(t('generate'), generate, { id: 'generate', primary: true }),
      button(t('recheck'), recheck, { id: 'recheck', disabled: !pane.ledger }),
    ),
    h(
      'div',
      { class: 'row' },
      labelled(
        t('templateKind'),
        select(
          'template-kind',
          LEDGER_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) })),
        ),
      ),
      button(t('template'), () => newTemplate(fieldValue('template-kind') as LedgerKind), {
        id: 'template',
      }),
    ),
  );
}

export const convertScreen: Screen = { id: 'convert', tab: () => t('tabConvert'), view };

exposeActions({ recognise, generate, recheck, newTemplate });
