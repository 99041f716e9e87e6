/**
 * Normalisers for values as people write them on paper-style ledgers (docs/rules.md, Normalisation). Each takes what a
 * cell holds — text, a number (Excel gives dates as serials), a boolean, or nothing — and returns the
 * canonical value or a failure with a stable code and the parameters its message needs. They never
 * throw and never guess: what cannot be read with certainty is a failure, not a silent choice.
 * A canonical value always normalises to itself. Text, dates and enumerations are here; phones,
 * numbers, periods and lists in normalize-codes.ts.
 */

export type Normalized<T> =
  | { ok: true; value: T | null }
  | { ok: false; code: string; params?: Record<string, string | number> };

const OK_EMPTY: Normalized<never> = Object.freeze({ ok: true, value: null });
export const ok = <T>(value: T | null): Normalized<T> =>
  value === null ? OK_EMPTY : { ok: true, value };
export const fail = <T>(code: string, params?: Record<string, string | number>): Normalized<T> => ({
  ok: false,
  code,
  ...(params ? { params } : {}),
});

// —— text ——

const WIDE = /[\u3000\uFF01-\uFF5E]/;
const WIDE_ALL = /[\u3000\uFF01-\uFF5E]/g;

/** Full-width ASCII → half-width and the ideographic space U+3000 → a space. */
export function foldWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  return text.replace(WIDE_ALL, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Trims ordinary and ideographic whitespace from both ends. (ECMAScript's `trim` removes every
 * Unicode space separator — U+3000 and U+00A0 included — and U+FEFF.)
 */
export function trimAll(text: string): string {
  return text.trim();
}

/**
 * What a value looks like in a message. Never calls an object's own `toString` (a request may send
 * `{"toString": []}`): objects are shown as JSON.
 */
export function shown(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint')
    return String(raw);
  if (raw === null || raw === undefined) return '';
  try {
    return JSON.stringify(raw) ?? '';
  } catch {
    return Object.prototype.toString.call(raw);
  }
}

/** True for a cell a person would call empty. */
export function isBlank(raw: unknown): boolean {
  if (typeof raw !== 'string') return raw === null || raw === undefined;
  if (raw === '') return true;
  const first = raw.charCodeAt(0);
  // Most cells start with a visible character: no need to trim them to know they are not blank.
  if (first > 0x20 && first !== 0x3000 && first !== 0xa0 && first !== 0xfeff) return false;
  return raw.trim() === '';
}

// Control characters other than tab and line breaks have no place in a ledger cell.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what it looks for
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * Format characters (Unicode Cf: zero-width space U+200B, word joiner U+2060, soft hyphen …) are
 * invisible: kept, `INJ-ZW` and `INJ-ZW` with a zero-width space would be two case numbers.
 */
const FORMAT = /\p{Cf}/gu;
/** The bidi controls among them reorder what is shown (a name can display as another): refused. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/** What sends a cell the full way through `normalizeText`: a control or a format character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: CONTROL and FORMAT in one test
const UNUSUAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\p{Cf}]/u;

/**
 * Text without its invisible format characters (Unicode Cf), or `null` when it holds a bidi
 * control (U+202A–202E, U+2066–2069), which is refused rather than silently dropped.
 */
export function stripFormat(text: string): string | null {
  if (!UNUSUAL.test(text)) return text;
  if (BIDI.test(text)) return null;
  return text.replace(FORMAT, '');
}

/**
 * The common case of free text, decided without allocating: a string with nothing to trim, no
 * control character and within the length is its own canonical value. `undefined` otherwise (then
 * `normalizeText` decides).
 */
export function plainText(raw: unknown, maxLength: number): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength) return undefined;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first <= 0x20 || last <= 0x20 || first === 0x3000 || last === 0x3000) return undefined;
  if (first === 0xa0 || last === 0xa0 || first === 0xfeff || last === 0xfeff) return undefined;
  // Printable ASCII and the common Chinese characters hold no control or format character: most
  // text is told by its characters alone, anything else by the full test.
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if ((ch >= 0x20 && ch < 0x7f) || (ch >= 0x4e00 && ch <= 0x9fff)) continue;
    return UNUSUAL.test(raw) ? undefined : raw;
  }
  return raw;
}

/** An ISO date string that names a real day (a canonical date), else `undefined`. No allocation. */
export function canonicalDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length !== 10 || !ISO_DATE.test(raw)) return undefined;
  const digit = (i: number) => raw.charCodeAt(i) - 48;
  const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  return isoOf(y, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9)) === raw ? raw : undefined;
}

/**
 * Free text: trimmed, numbers written as text, format characters removed; control characters, bidi
 * controls and over-long text rejected.
 */
export function normalizeText(raw: unknown, maxLength = 200): Normalized<string> {
  if (isBlank(raw)) return ok(null);
  if (typeof raw === 'number' && Number.isFinite(raw)) return ok(String(raw));
  if (typeof raw !== 'string') return fail('BAD_TYPE', { expected: 'text' });
  const visible = stripFormat(raw);
  if (visible === null) return fail('BIDI_CONTROL');
  const text = trimAll(visible);
  if (text === '') return ok(null);
  if (CONTROL.test(text)) return fail('BAD_TEXT');
  if (text.length > maxLength) return fail('TOO_LONG', { max: maxLength, length: text.length });
  return ok(text);
}

// —— dates ——

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's serial dates for serials from 61 (1900-03-01) on. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Largest serial read as a date: 2999-12-31, the last day any written form may name (years 1900–2999). */
const MAX_SERIAL = 401_768;

/**
 * An Excel date serial to ISO. Serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's
 * leap-year bug, kept by Excel); serials 1–59 are one day off from the modern epoch.
 */
export function serialToIso(serial: number): string | null {
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_SERIAL || day === 60) return null;
  return isoFromDays(day < 60 ? day - 25568 : day - 25569);
}

/** Days since 1970-01-01 → ISO date, by civil arithmetic (no Date allocation on the hot path). */
function isoFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** ISO date to Excel serial (inverse of `serialToIso`). */
export function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return timeToSerial(Date.UTC(y, m - 1, d));
}

/** An instant (ms since the epoch, UTC) as an Excel serial, the time of day as its fraction. */
export function timeToSerial(ms: number): number {
  const serial = (ms - EXCEL_EPOCH) / MS_PER_DAY;
  return serial < 61 ? serial - 1 : serial;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[m - 1]! + (m === 2 && leap ? 1 : 0)) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const YMD =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH_DAY = /^(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const SHORT_YEAR = /^(\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const DAY_FIRST = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/;
/** `3/5`: March 5th or 3 May, and no year either. */
const NO_YEAR_NUMERIC = /^\d{1,2}\s*[-/.]\s*\d{1,2}$/;

export interface DateOptions {
  /** Year stated by the sheet's title rows, for dates written without one (`5月3日`). */
  titleYear?: number | null;
  /** The cell is formatted as a date, so a number in it is certainly a serial. */
  dateCell?: boolean;
}

/**
 * A date in any form of docs/rules.md, Normalisation, → ISO `YYYY-MM-DD`. Two-digit years and day-first orders are
 * ambiguous and rejected; a date without a year takes the title's year or is rejected.
 */
export function normalizeDate(raw: unknown, options: DateOptions = {}): Normalized<string> {
  if (isBlank(raw)) return ok(null);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('BAD_DATE', { value: shown(raw) });
    if (!options.dateCell && Number.isInteger(raw) && raw >= 19000101 && raw <= 29991231) {
      return normalizeDate(String(raw), options);
    }
    const iso = serialToIso(raw);
    return iso ? ok(iso) : fail('BAD_DATE', { value: shown(raw) });
  }
  if (typeof raw !== 'string') return fail('BAD_DATE', { value: shown(raw) });
  // Canonical already (what the Worker re-validates).
  if (canonicalDate(raw) !== undefined) return ok(raw);
  const text = trimAll(foldWidth(raw));
  let match = YMD.exec(text) ?? COMPACT.exec(text);
  if (match) {
    const iso = isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
    return iso ? ok(iso) : fail('BAD_DATE', { value: text });
  }
  match = MONTH_DAY.exec(text);
  if (match) {
    if (!options.titleYear) return fail('MISSING_YEAR', { value: text });
    const iso = isoOf(options.titleYear, Number(match[1]), Number(match[2]));
    return iso ? ok(iso) : fail('BAD_DATE', { value: text });
  }
  if (SHORT_YEAR.test(text) || DAY_FIRST.test(text) || NO_YEAR_NUMERIC.test(text)) {
    return fail('AMBIGUOUS_DATE', { value: text });
  }
  return fail('BAD_DATE', { value: text });
}

// —— enumerations and yes/no ——

const NEEDS_KEYING = /[\s\u00A0\u3000\uFF01-\uFF5EA-Z\p{Cf}]/u;

/**
 * Key under which enumeration words are compared: width folded, all whitespace and format
 * characters removed.
 */
export function enumKey(text: string): string {
  if (!NEEDS_KEYING.test(text)) return text;
  return foldWidth(text)
    .replace(/[\s\u00A0\p{Cf}]+/gu, '')
    .toLowerCase();
}

/** Builds the lookup of an enumeration: canonical values and their synonyms → canonical value. */
export function enumLookup(
  values: Readonly<Record<string, readonly string[]>>,
): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [canonical, synonyms] of Object.entries(values)) {
    lookup.set(enumKey(canonical), canonical);
    for (const synonym of synonyms) lookup.set(enumKey(synonym), canonical);
  }
  return lookup;
}

/** An enumeration value: canonical term or a synonym; anything else fails naming the allowed values. */
export function normalizeEnum(
  raw: unknown,
  lookup: ReadonlyMap<string, string>,
  allowed: readonly string[],
): Normalized<string> {
  if (isBlank(raw)) return ok(null);
  const written = typeof raw === 'string' ? trimAll(raw) : shown(raw);
  const canonical = lookup.get(enumKey(written));
  if (canonical !== undefined) return ok(canonical);
  return fail('UNKNOWN_VALUE', { value: written, allowed: allowed.join('、') });
}

const YES_NO = enumLookup({
  yes: ['是', '已签', '已签字', '√', '✓', '✔', 'y', 'yes', 'true', '1', '有'],
  no: ['否', '未签', '未签字', '×', '✗', '✘', 'x', 'n', 'no', 'false', '0', '无'],
});

/** Yes/no as written on paper (是/否, 已签/未签, √/×, Y/N) → boolean. */
export function normalizeBool(raw: unknown): Normalized<boolean> {
  if (isBlank(raw)) return ok(null);
  if (typeof raw === 'boolean') return ok(raw);
  const written = trimAll(shown(raw));
  const value = YES_NO.get(enumKey(written));
  if (value === undefined) return fail('BAD_BOOLEAN', { value: written });
  return ok(value === 'yes');
}
