/**
 * What every screen of the pane shares: the server client, the workbook, the organisation, the
 * clerk's day, and the ledger sheet written last. Screens read and change it; the shell redraws.
 */
import demoOrgCsv from '../../data/demo-org.csv?raw';
import { chinaDateOf } from '../../shared/calendar.ts';
import type { LedgerKind } from '../../shared/ledgers/index.ts';
import { buildOrgTree, type OrgTree, parseOrgCsv } from '../../shared/org.ts';
import type { Workbook } from '../excel/port.ts';
import { Api } from './api.ts';
import { locale } from './strings.ts';
import type { Child } from './ui.ts';

export const params = new URLSearchParams(location.search);
export const api = new Api(() => locale());

export const pane = {
  // The clerk's day, in China Standard Time (UTC's date is yesterday before 08:00 there).
  asOf: params.get('asOf') ?? chinaDateOf(Date.now()),
  org: buildOrgTree(parseOrgCsv(demoOrgCsv)) as OrgTree,
  /** The unit typed before signing in (convert only needs it for the area checks). */
  unit: localStorage.getItem('minqing.unit') ?? '',
  /** The district's area code for bare landlines, once signed in (else the converter's default). */
  areaCode: null as string | null,
  sourceName: '',
  /** The standard ledger sheet written last (to check again and submit). */
  ledger: null as { sheetName: string; kind: LedgerKind } | null,
  workbook: null as unknown as Workbook,
};

export function unitCode(): string {
  return api.user?.unit ?? pane.unit;
}

export function convertContext() {
  const areaCode = pane.areaCode ? { areaCode: pane.areaCode } : {};
  return { org: pane.org, unit: unitCode(), asOf: pane.asOf, locale: locale(), ...areaCode };
}

/** After sign-in: the district's own organisation and area code. */
export async function fetchOrg(): Promise<void> {
  if (!api.user) return;
  const { units } = await api.units();
  pane.org = buildOrgTree(units);
  // The district's area code turns a bare 8-digit landline into a full number, as on the server.
  pane.areaCode = (await api.settings().catch(() => null))?.settings.areaCode ?? null;
}

/** A unit as people read it: its name when given a unit code. */
export function unitName(code: string | null): string | null {
  if (code === null) return null;
  return pane.org.get(code)?.name ?? code;
}

/**
 * One screen of the pane, behind its tab. A new screen is a module in `screens/` exporting one
 * of these, plus its line in the shell's `SCREENS` (addin/src/main.ts) and its tab's words in
 * strings.ts.
 */
export interface Screen {
  /** Its id: the tab is `tab-<id>`, and `?panel=<id>` opens the pane on it. */
  id: string;
  /** The tab's label. */
  tab: () => string;
  view: () => Child;
}

/**
 * Outside a production build, each screen's actions on `window.__minqing`, so the pane tests call
 * them with their inputs directly (no typing into fields); a production build leaves them out.
 */
export function exposeActions(actions: Record<string, (...args: never[]) => unknown>): void {
  if (import.meta.env.MODE === 'production') return;
  const page = window as unknown as { __minqing?: Record<string, unknown> };
  page.__minqing = Object.assign(page.__minqing ?? {}, actions);
}
