/**
 * 提交: sign in, submit the standard ledger with a progress bar; the server's row errors are
 * shown in place, on the same cells and 问题清单 rows as the pane's own (a 422 is not a dead end).
 * Also the change of an initial or expired password, which the shell shows instead of the tabs.
 */
import {
  checkLedgerSheet,
  ledgerColumns,
  placeIssues,
  problemsSheetName,
} from '../../excel/plan.ts';
import { ApiError } from '../api.ts';
import {
  api,
  convertContext,
  exposeActions,
  fetchOrg,
  pane,
  type Screen,
  unitCode,
} from '../app.ts';
import { t } from '../strings.ts';
import {
  button,
  fieldValue,
  forget,
  h,
  messageBar,
  notes,
  render,
  run,
  submitButton,
  textField,
} from '../ui.ts';
import { recheck } from './convert.ts';

let progress: number | null = null;

/** Signs in to the server (empty: the pane's own origin) as the user. */
export async function signIn(server: string, username: string, password: string): Promise<void> {
  const user = await api.login(server, username, password);
  // Until an initial or expired password is changed the server answers nothing else.
  if (api.session.mustChangePassword) return;
  await fetchOrg();
  notes.message = t('signedIn', { name: user.username, unit: user.unitName });
}

async function signInFromForm(): Promise<void> {
  const password = fieldValue('password');
  forget('password');
  await signIn(fieldValue('server'), fieldValue('username'), password);
}

async function hashKey(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sheet rows as a clerk reads a list of them: 第 3、5、9 行 (the first few, then 等). */
export function rowList(rows: readonly number[], max = 8): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const shown = sorted.slice(0, max).join('、');
  return sorted.length > max ? `${shown} ${t('andMore')}` : shown;
}

/**
 * Submits the current ledger sheet for `period`, reporting the upload's progress (0–1) as it goes.
 * DOM-free: the view reads the period field and draws the bar; tests call this directly.
 */
export async function submitLedger(
  period: string,
  onProgress: (fraction: number) => void = () => {},
): Promise<void> {
  if (!pane.ledger) throw new Error(t('noLedger'));
  const { kind, sheetName } = pane.ledger;
  const read = await pane.workbook.readNamedSheet(sheetName);
  const { converted, issues } = checkLedgerSheet(read.sheet, kind, convertContext());
  if (issues.length > 0) {
    await recheck();
    throw new Error(t('fixFirst', { issues: issues.length }));
  }
  const body = {
    kind,
    unit: unitCode(),
    period,
    sourceName: pane.sourceName || sheetName,
    rows: converted.rows.map((r) => ({ row: r.row, values: r.values })),
  };
  // The same content gives the same key: a resubmitted workbook is recognised, a corrected one is a new version.
  const key = await hashKey(JSON.stringify(body));
  const previous = await pane.workbook.readSetting<{ idempotencyKey: string }>(
    `receipt:${sheetName}`,
  );
  progress = 0;
  render();
  try {
    const receipt = await api.submit(body, key, (fraction) => {
      progress = fraction;
      onProgress(fraction);
    });
    await pane.workbook.writeSetting(`receipt:${sheetName}`, receipt);
    notes.message =
      previous?.idempotencyKey === receipt.idempotencyKey
        ? t('sameAgain')
        : t('submitted', { ...receipt });
  } catch (error) {
    if (error instanceof ApiError && error.issues.length > 0) {
      // The server's errors take the place of the pane's: same highlights, notes and 问题清单.
      await pane.workbook.revalidate(sheetName, ledgerColumns(kind, {}, true), (sheet) =>
        placeIssues(sheet, kind, error.issues),
      );
      const rows = error.issues.map((issue) => issue.row);
      throw new Error(
        t('serverRejected', {
          issues: error.issues.length,
          count: new Set(rows).size,
          rows: rowList(rows),
          sheet: sheetName,
          problems: problemsSheetName(sheetName),
        }),
      );
    }
    throw error;
  } finally {
    progress = null;
  }
}

/** The submit button: the period as typed, the bar moved in place (no re-render per step). */
function submit(): Promise<void> {
  return submitLedger(fieldValue('period'), (fraction) => {
    const bar = document.getElementById('progress') as { value: number } | null;
    if (bar) bar.value = fraction;
  });
}

function signInForm(): HTMLElement {
  return h(
    'form',
    {
      class: 'card stack',
      id: 'sign-in-form',
      'aria-label': t('signIn'),
      onsubmit: (e: Event) => {
        e.preventDefault();
        void run(signInFromForm);
      },
    },
    textField('server', t('server'), api.session.server, { placeholder: 'https://…' }),
    textField('username', t('username'), '', { autocomplete: 'username' }),
    textField('password', t('password'), '', {
      type: 'password',
      autocomplete: 'current-password',
    }),
    submitButton(t('signIn'), { id: 'sign-in' }),
  );
}

function view(): HTMLElement {
  const user = api.user;
  return h(
    'div',
    { class: 'stack' },
    user
      ? h(
          'div',
          { class: 'card' },
          h('p', { id: 'signed-in' }, t('signedIn', { name: user.username, unit: user.unitName })),
          button(t('signOut'), () => api.logout(), { id: 'sign-out' }),
        )
      : signInForm(),
    textField('period', t('period'), pane.asOf.slice(0, 4)),
    button(t('submit'), submit, { id: 'submit', primary: true, disabled: !user }),
    progress !== null &&
      h('fluent-progress-bar', {
        id: 'progress',
        role: 'progressbar',
        'aria-label': t('submitting'),
        max: '1',
        value: String(progress),
      }),
  );
}

export const submitScreen: Screen = { id: 'submit', tab: () => t('tabSubmit'), view };

// —— the change of an initial or expired password ——

/** The new password twice; the server checks the policy and its message is shown in the form. */
export async function changePassword(
  oldPassword: string,
  newPassword: string,
  newPasswordAgain: string,
): Promise<void> {
  const user = api.user;
  if (!user) throw new Error(t('signInFirst'));
  if (newPassword !== newPasswordAgain) throw new Error(t('passwordsDiffer'));
  await api.changePassword(oldPassword, newPassword);
  await fetchOrg();
  notes.message = t('passwordChanged', { name: user.username, unit: user.unitName });
}

async function changePasswordFromForm(): Promise<void> {
  await changePassword(
    fieldValue('old-password'),
    fieldValue('new-password'),
    fieldValue('new-password-again'),
  );
  // Only once it is done: a refused new password leaves the fields as typed, to be corrected.
  forget('old-password');
  forget('new-password');
}

export function passwordForm(): HTMLElement {
  const field = (id: string, label: string, autocomplete: string) =>
    textField(id, label, '', { type: 'password', autocomplete });
  return h(
    'form',
    {
      class: 'card stack',
      id: 'change-password',
      'aria-labelledby': 'change-password-title',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void run(changePasswordFromForm);
      },
    },
    h('h2', { id: 'change-password-title' }, t('mustChangePassword')),
    h('p', { id: 'password-policy' }, t('passwordPolicy')),
    field('old-password', t('oldPassword'), 'current-password'),
    field('new-password', t('newPassword'), 'new-password'),
    field('new-password-again', t('newPasswordAgain'), 'new-password'),
    // The policy's answer belongs beside the fields it is about.
    notes.error ? messageBar('error', notes.error, { id: 'error' }) : null,
    submitButton(t('changePassword'), { id: 'change' }),
    button(t('signOut'), () => api.logout(), { appearance: 'transparent' }),
  );
}

exposeActions({ signIn, submitLedger, changePassword });
