/**
 * Residents' personal data inside free text (a summary, a result, remarks, an address), as the
 * levels that neither took the case in nor handle it see it (docs/rules.md): phone numbers
 * (mobiles, landlines with their area code) and 18-digit ID numbers masked, the reporter's name and
 * the forms people make from a surname (彭阿姨, 老彭) masked, and addresses cut above the house
 * (the road and 弄 stay; the 号 and 室 go). Dates written as digits (20130503) are left alone.
 */

/** A mobile (11 digits from 13–19) or a landline with its area code, not inside a longer number. */
const PHONE = /(?<![\d])(?:1[3-9]\d{9}|0\d{2,3}[-\s]?\d{7,8})(?![\d])/g;
/** An 18-digit 居民身份证 number (the last character may be X). */
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
/** A house within an address: a number before 号, 栋, 幢, 座, 单元, 室 or 层 (not a day: 5月3号). */
const HOUSE = /(?<![月\d])\d+(?:[-－]\d+)*\s*(?:号楼|号|栋|幢|座|单元|室|层|楼)/g;
/** What people call a resident by the surname: 老彭, 小彭, 彭阿姨, 彭师傅 … */
const SURNAME_BEFORE = ['老', '小', '阿'];
const SURNAME_AFTER = [
  '阿姨',
  '阿婆',
  '师傅',
  '老师',
  '先生',
  '女士',
  '大爷',
  '大妈',
  '奶奶',
  '爷爷',
  '伯伯',
  '阿伯',
  '老伯',
  '姐',
  '哥',
  '叔',
  '婶',
];

const stars = (text: string) => '*'.repeat([...text].length);

function maskPhone(phone: string): string {
  const digits = phone.replace(/[-\s]/g, '');
  if (digits.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  const area = /^0(?:10|2\d)/.test(digits) ? digits.slice(0, 3) : digits.slice(0, 4);
  return `${area}-****${digits.slice(-4)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Free text with the resident's personal data masked. `name` is the reporter (or household head)
 * the record names; its full form, its given name and the forms made from its surname are masked.
 */
export function maskFreeText(text: string | null, name: string | null = null): string | null {
  if (!text) return text;
  let masked = text.replace(ID_NUMBER, (id) => `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`);
  masked = masked.replace(PHONE, maskPhone);
  masked = masked.replace(HOUSE, (house) => house.replace(/\d+/g, '*'));
  const chars = name && name !== '匿名' ? [...name] : [];
  if (chars.length >= 2) {
    const surname = chars[0]!;
    const given = chars.slice(1).join('');
    masked = masked.replaceAll(name!, `${surname}${stars(given)}`);
    if (given.length >= 2) masked = masked.replaceAll(given, stars(given));
    const forms = new RegExp(
      `(?:${SURNAME_BEFORE.join('|')})${escapeRegExp(surname)}|${escapeRegExp(surname)}(?:${SURNAME_AFTER.join('|')})`,
      'g',
    );
    masked = masked.replace(forms, (form) => form.replace(surname, '*'));
  }
  return masked;
}

/** An address cut above the house: `长白路100弄5号301室` → `长白路100弄`. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  HOUSE.lastIndex = 0;
  const house = HOUSE.exec(address);
  HOUSE.lastIndex = 0;
  if (!house) return address;
  const kept = address.slice(0, house.index).trim();
  return kept === '' ? '***' : kept;
}
