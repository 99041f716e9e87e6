/**
 * Messages for people, keyed by the stable error code programs read. Chinese is the default;
 * English is available everywhere. Placeholders are written `{name}` and filled from `params`.
 */

export type Locale = 'zh' | 'en';

type MessageTable = Record<string, { zh: string; en: string }>;

// Each area appends its own section; codes never change once published (programs depend on them).
const MESSAGES: MessageTable = {
  // —— general ——
  INTERNAL: {
    zh: '服务器内部错误，请稍后重试',
    en: 'Internal server error; please try again later',
  },
};

/** The message for a code in the given locale, placeholders filled; the code itself if unknown. */
export function message(
  code: string,
  params: Record<string, string | number> = {},
  locale: Locale = 'zh',
): string {
  const entry = MESSAGES[code];
  return entry ? fill(entry[locale], params) : code;
}

/** Fills `{name}` placeholders of a text from `params`; unknown ones stay as written. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * Adds messages to the table; used once per area at module load (keeps codes next to their rules).
 * Returns the area's table so its keys can type the area's lookups (the pane's `t`).
 */
export function defineMessages<T extends MessageTable>(table: T): T {
  for (const [code, entry] of Object.entries(table)) {
    if (MESSAGES[code] && MESSAGES[code].zh !== entry.zh) {
      throw new Error(`message code ${code} defined twice with different texts`);
    }
    MESSAGES[code] = entry;
  }
  return table;
}
