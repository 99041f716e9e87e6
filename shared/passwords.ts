/**
 * The password policy, in the spirit of 等保 2.0 (GB/T 22239-2019, 身份鉴别): at least 10 characters
 * from at least three of upper-case letters, lower-case letters, digits and symbols; not built on
 * the username; not a known default. It applies to every password a person sets — a change, or an
 * admin creating or resetting an account — and only the local demo seed is exempt (docs/rules.md).
 */
import { defineMessages } from './i18n.ts';

export const MIN_PASSWORD_LENGTH = 10;
/** Character classes a password needs at least this many of. */
export const MIN_PASSWORD_CLASSES = 3;

/** Passwords everyone knows: the demo's and the usual factory defaults. */
const KNOWN_DEFAULTS = [
  'minqingdemo',
  'minqing',
  'password',
  'passw0rd',
  'qwerty',
  '123456',
  'admin',
];

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Letters and digits only, lower-case: `Minqing-Demo` and `minqing_demo` are the same word. */
const core = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface PasswordProblem {
  code: string;
  params: Record<string, string | number>;
}

/** What is wrong with `password` for the account `username`, or `null` when it is acceptable. */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { code: 'PASSWORD_TOO_SHORT', params: { min: MIN_PASSWORD_LENGTH } };
  }
  if (CLASSES.filter((c) => c.test(password)).length < MIN_PASSWORD_CLASSES) {
    return { code: 'PASSWORD_TOO_SIMPLE', params: { classes: MIN_PASSWORD_CLASSES } };
  }
  const word = core(password);
  const name = core(username);
  if (name.length >= 2 && word.includes(name)) {
    return { code: 'PASSWORD_HAS_USERNAME', params: {} };
  }
  const known = KNOWN_DEFAULTS.find((d) => word.includes(d));
  if (known) return { code: 'PASSWORD_KNOWN_DEFAULT', params: {} };
  return null;
}

defineMessages({
  PASSWORD_TOO_SHORT: {
    zh: '密码至少 {min} 位，且须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'A password needs at least {min} characters, from at least three of upper-case, lower-case, digits and symbols',
  },
  PASSWORD_TOO_SIMPLE: {
    zh: '密码须包含大写字母、小写字母、数字、符号中的至少 {classes} 类',
    en: 'A password needs at least {classes} of upper-case letters, lower-case letters, digits and symbols',
  },
  PASSWORD_HAS_USERNAME: {
    zh: '密码不能包含用户名',
    en: 'A password cannot contain the username',
  },
  PASSWORD_KNOWN_DEFAULT: {
    zh: '密码不能使用演示密码或常见的默认密码（如 minqing-demo、password、123456）',
    en: 'A password cannot be the demo password or a common default (such as minqing-demo, password, 123456)',
  },
});
