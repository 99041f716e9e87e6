/**
 * Normalisers of the field types written with digits or separators (docs/rules.md,
 * Normalisation): phone numbers, counts and scores, assessment periods, and lists written in one
 * cell. Like those of normalize.ts, each returns the canonical value or a failure with a stable
 * code, never throws and never guesses.
 */
import {
  CONTROL,
  enumKey,
  fail,
  foldWidth,
  isBlank,
  type Normalized,
  ok,
  shown,
  stripFormat,
  trimAll,
} from './normalize.ts';

// —— phones ——

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0(?:[12]\d-[1-9]\d{6,7}|[3-9]\d{2}-[1-9]\d{6,7})$/;

/** A phone already in canonical form (11-digit mobile or `0AA-NNNNNNNN`), else `undefined`. */
export function canonicalPhone(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  return (raw.length === 11 && MOBILE.test(raw)) || LANDLINE.test(raw) ? raw : undefined;
}

/**
 * A phone number → 11-digit mobile or `0AA-NNNNNNNN` landline. Spaces, dashes, brackets and a
 * leading +86/86 are stripped; a bare 8-digit number is local and takes the district's area code.
 * A number (not text) that is a landline of the district's own area code without its leading zero
 * is that landline: a number-formatted cell drops the zero (docs/decisions/0008).
 */
export function normalizePhone(raw: unknown, areaCode = '021'): Normalized<string> {
  if (isBlank(raw)) return ok(null);
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail('BAD_PHONE', { value: '' });
  const written = trimAll(foldWidth(shown(raw)));
  let digits = written.replace(/[\s\-()（）.]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return fail('BAD_PHONE', { value: written });
  if (digits.startsWith('86') && digits.length >= 12) {
    digits = digits.slice(2);
    if (!digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`;
  }
  if (MOBILE.test(digits)) return ok(digits);
  if (typeof raw === 'number' && `0${digits}`.startsWith(areaCode)) {
    const local = `0${digits}`.slice(areaCode.length);
    if (/^[1-9]\d{6,7}$/.test(local)) return ok(`${areaCode}-${local}`);
  }
  if (digits.startsWith('0')) {
    // 010 and 020–029 are the two-digit area codes; every other area code has three digits.
    const codeLength = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
    const local = digits.slice(codeLength);
    if (/^\d{7,8}$/.test(local) && /^[1-9]/.test(local)) {
      return ok(`${digits.slice(0, codeLength)}-${local}`);
    }
    return fail('BAD_PHONE', { value: written });
  }
  if (/^[2-9]\d{7}$/.test(digits)) return ok(`${areaCode}-${digits}`);
  return fail('BAD_PHONE', { value: written });
}

// —— numbers ——

/** A whole number within bounds; a count unit written after it (`4人`, `3户`) is allowed. */
export function normalizeInt(raw: unknown, min: number, max: number): Normalized<number> {
  return normalizeNumber(raw, /\s*[人户名个口次]$/, 'NOT_INTEGER', Number.isInteger, min, max);
}

/** A score from 0 to 100 (decimals allowed, `分` after it allowed). */
export function normalizeScore(raw: unknown, min = 0, max = 100): Normalized<number> {
  return normalizeNumber(raw, /\s*分$/, 'NOT_NUMBER', Number.isFinite, min, max);
}

/** A number written as one or as digits with `unit` after them, that `fits` and lies within bounds. */
function normalizeNumber(
  raw: unknown,
  unit: RegExp,
  code: string,
  fits: (value: number) => boolean,
  min: number,
  max: number,
): Normalized<number> {
  if (isBlank(raw)) return ok(null);
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string') {
    const text = trimAll(foldWidth(raw)).replace(unit, '');
    if (!/^-?\d+(\.\d+)?$/.test(text)) return fail(code, { value: trimAll(raw) });
    value = Number(text);
  } else return fail(code, { value: shown(raw) });
  if (!fits(value)) return fail(code, { value: shown(raw) });
  if (value < min || value > max) return fail('OUT_OF_RANGE', { value, min, max });
  return ok(value);
}

// —— periods ——

const QUARTERS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' };

/** An assessment period → `2026`, `2026H1`, `2026Q2` or `2026-05` (also `2026年度`, `2026年上半年`…). */
export function normalizePeriod(raw: unknown): Normalized<string> {
  if (isBlank(raw)) return ok(null);
  const text = enumKey(shown(raw)).toUpperCase();
  let m = /^(\d{4})(?:年度?)?$/.exec(text);
  if (m) return ok(m[1]!);
  m = /^(\d{4})H([12])$/.exec(text);
  if (m) return ok(`${m[1]}H${m[2]}`);
  m = /^(\d{4})年?([上下])半年$/.exec(text);
  if (m) return ok(`${m[1]}H${m[2] === '上' ? 1 : 2}`);
  m = /^(\d{4})Q([1-4])$/.exec(text) ?? /^(\d{4})年?第?([1-4一二三四])季度$/.exec(text);
  if (m) return ok(`${m[1]}Q${QUARTERS[m[2]!] ?? m[2]}`);
  m = /^(\d{4})(?:-|年)(\d{1,2})月?$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return ok(`${m[1]}-${m[2]!.padStart(2, '0')}`);
  return fail('BAD_PERIOD', { value: trimAll(shown(raw)) });
}

// —— lists ——

/** A list written in one cell, separated by commas (either width), 、, semicolons or spaces. */
export function normalizeList(raw: unknown, maxLength = 50): Normalized<string[]> {
  if (Array.isArray(raw)) {
    if (!raw.every((item) => typeof item === 'string'))
      return fail('BAD_TYPE', { expected: 'list' });
    return normalizeList(raw.join(','), maxLength);
  }
  if (isBlank(raw)) return ok([]);
  if (typeof raw !== 'string' && typeof raw !== 'number')
    return fail('BAD_TYPE', { expected: 'list' });
  const visible = stripFormat(shown(raw));
  if (visible === null) return fail('BIDI_CONTROL');
  const items = foldWidth(visible)
    .split(/[,，、;；\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.some((item) => item.length > maxLength || CONTROL.test(item))) return fail('BAD_TEXT');
  return ok(items);
}
