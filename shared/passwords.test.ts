import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';

const code = (password: string, username = 'YP-CB-001') =>
  passwordProblem(password, username)?.code ?? null;

describe('the password policy', () => {
  it('accepts 10 characters from three of the four classes', () => {
    expect(code('Hongqiao42x')).toBeNull();
    expect(code('hongqiao-42')).toBeNull();
    expect(code('HONGQIAO-42')).toBeNull();
  });

  it('refuses fewer than 10 characters, or only two classes', () => {
    expect(code('Hq-42abcd')).toBe('PASSWORD_TOO_SHORT');
    expect(code('hongqiao4242')).toBe('PASSWORD_TOO_SIMPLE');
    expect(code('Hongqiaoxyz')).toBe('PASSWORD_TOO_SIMPLE');
  });

  it('refuses a password built on the username, whatever its case and separators', () => {
    expect(code('yp-cb-001-Secret', 'YP-CB-001')).toBe('PASSWORD_HAS_USERNAME');
    expect(code('Zhangsan#2026', 'zhangsan')).toBe('PASSWORD_HAS_USERNAME');
  });

  it('refuses the demo password and common defaults, even dressed up', () => {
    expect(code('Minqing-Demo1')).toBe('PASSWORD_KNOWN_DEFAULT');
    expect(code('Password@2026')).toBe('PASSWORD_KNOWN_DEFAULT');
    expect(code('Admin@123456')).toBe('PASSWORD_KNOWN_DEFAULT');
  });
});
