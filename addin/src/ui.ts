/**
 * The pane's building blocks, each a Fluent UI web component where Fluent has one (buttons, text
 * inputs, tabs, progress, message bars) and a native control in Fluent's look where it has none
 * the pane can use (the select, date and file inputs). Every control carries its label, so a
 * screen reader announces it, and is a real focusable element (keyboard reachable).
 */
import './fluent.ts';
import { t } from './strings.ts';

export type Child = Node | string | null | false | undefined;

export function h(
  tag: string,
  attrs: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElement {
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

/** Redraws the pane; set once by the shell. */
let redraw: () => void = () => {};
export function onRedraw(draw: () => void): void {
  redraw = draw;
}
export function render(): void {
  redraw();
}

/** What the pane says below the screen: a status line, a warning and an error (message bars). */
export const notes = { message: '', warning: '', error: '' };

/** Runs a screen's action: “working” while it runs, its error in the error bar when it fails. */
export async function run(action: () => unknown): Promise<void> {
  const working = t('working');
  notes.error = '';
  notes.warning = '';
  // Start the action before redrawing, so it reads the form as the user left it.
  const done = (async () => action())();
  notes.message = working;
  render();
  try {
    await done;
    if (notes.message === working) notes.message = '';
  } catch (error) {
    notes.message = '';
    notes.error = error instanceof Error ? error.message : String(error);
  }
  render();
}

/** A Fluent button running `action`; `primary` for the screen's main action. */
export function button(
  label: string,
  action: () => unknown,
  attrs: Record<string, unknown> & { primary?: boolean } = {},
): HTMLElement {
  const { primary, ...rest } = attrs;
  return h(
    'fluent-button',
    {
      role: 'button',
      appearance: primary ? 'primary' : undefined,
      // Said in the markup too, so assistive tools (and axe) know a greyed button is disabled.
      'aria-disabled': rest.disabled ? 'true' : undefined,
      onclick: (event: Event) => {
        if ((event.currentTarget as HTMLElement).hasAttribute('disabled')) return;
        void run(action);
      },
      ...rest,
    },
    label,
  );
}

/** A submit button for a form (Enter in any of its inputs submits too). */
export function submitButton(label: string, attrs: Record<string, unknown> = {}): HTMLElement {
  return h(
    'fluent-button',
    { role: 'button', type: 'submit', appearance: 'primary', ...attrs },
    label,
  );
}

/** What was typed into each text input, kept across redraws (the pane redraws on every change). */
const typed: Record<string, string> = {};

/** A Fluent text input with its visible label (the label is what a screen reader announces). */
export function textField(
  id: string,
  label: string,
  value: string,
  attrs: Record<string, unknown> = {},
): HTMLElement {
  return h('fluent-text-input', { ...remembered(id, value), ...attrs }, label);
}

/** A control's id, name and value, the value being what was typed into it while the pane is open. */
function remembered(id: string, value: string) {
  return {
    id,
    name: id,
    value: typed[id] ?? value,
    oninput: (event: Event) => {
      typed[id] = (event.target as HTMLInputElement).value;
    },
  };
}

/** Forgets what was typed into the inputs whose id starts so (a form that is done). */
export function forget(prefix: string): void {
  for (const id of Object.keys(typed)) if (id.startsWith(prefix)) delete typed[id];
}

/** The trimmed value of a control by id ('' when it is not on screen). */
export function fieldValue(id: string): string {
  const el = document.getElementById(id) as { value?: unknown } | null;
  return typeof el?.value === 'string' ? el.value.trim() : '';
}

/** A native control (select, date, month, file) with its label above it, in Fluent's look. */
export function labelled(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
}

/** A native input that keeps what was typed, for the types Fluent's text input lacks (date, month). */
export function nativeInput(id: string, value: string, attrs: Record<string, unknown> = {}) {
  return h('input', { ...remembered(id, value), ...attrs });
}

export function select(
  id: string,
  options: readonly { value: string; label: string; selected?: boolean }[],
  attrs: Record<string, unknown> = {},
): HTMLElement {
  return h(
    'select',
    { id, name: id, ...attrs },
    ...options.map((o) => h('option', { value: o.value, selected: o.selected }, o.label)),
  );
}

/** 20-px glyphs in the manner of Fluent's system icons, drawn in the bar's colour. */
const ICONS: Record<'error' | 'warning' | 'success' | 'info' | 'dismiss', string> = {
  error:
    '<circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M10 5.5v5.5" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="10" cy="14" r="1" fill="currentColor"/>',
  warning:
    '<path d="M10 2.8 18 17H2z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/><path d="M10 8v4" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="10" cy="14.5" r="1" fill="currentColor"/>',
  success:
    '<circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="m6.5 10 2.5 2.5 4.5-5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>',
  dismiss:
    '<path d="m5 5 10 10M15 5 5 15" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>',
  info: '<circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M10 9v5" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="10" cy="6.5" r="1" fill="currentColor"/>',
};

function icon(intent: keyof typeof ICONS, slot = 'icon'): Element {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  if (slot) svg.setAttribute('slot', slot);
  svg.setAttribute('class', `icon ${intent}`);
  svg.innerHTML = ICONS[intent];
  return svg;
}

/**
 * A Fluent message bar: errors and warnings are announced (role alert), the rest politely. With
 * `dismiss`, a close button (Escape does the same).
 */
export function messageBar(
  intent: 'error' | 'warning' | 'success' | 'info',
  text: string,
  attrs: Record<string, unknown> = {},
  dismiss?: { label: string; action: () => void },
): HTMLElement {
  const urgent = intent === 'error' || intent === 'warning';
  const bar = h(
    'fluent-message-bar',
    { intent, layout: 'multiline', role: urgent ? 'alert' : 'status', ...attrs },
    text,
  );
  bar.insertBefore(icon(intent), bar.firstChild);
  if (dismiss) {
    const close = h(
      'fluent-button',
      {
        role: 'button',
        slot: 'dismiss',
        appearance: 'transparent',
        size: 'small',
        'aria-label': dismiss.label,
        title: dismiss.label,
        onclick: () => {
          dismiss.action();
          render();
        },
      },
      icon('dismiss', ''),
    );
    bar.appendChild(close);
  }
  return bar;
}
