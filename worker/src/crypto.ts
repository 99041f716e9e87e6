/**
 * Password hashing and tokens with WebCrypto: PBKDF2-SHA256 with a per-account salt (workerd caps
 * PBKDF2 at 100,000 iterations, which is also the floor we require), random 32-byte bearer tokens
 * stored only as their SHA-256 hash, and a constant-time comparison.
 */

export const PBKDF2_ITERATIONS = 100_000;
const KEY_BITS = 256;

const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * A new submission's id: 128 random bits in 22 URL-safe characters. Every record and history row
 * carries its submission's id, so it is kept shorter than a UUID's 36 (docs/decisions/0013).
 */
export function newSubmissionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The SHA-256 of bytes, or of a text's UTF-8. */
export async function sha256Hex(data: string | ArrayBuffer): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

export interface PasswordHash {
  salt: string;
  hash: string;
  iterations: number;
}

/** Derives the stored hash of a password with a fresh (or the given) salt. */
export async function hashPassword(
  password: string,
  salt = randomHex(16),
  iterations = PBKDF2_ITERATIONS,
): Promise<PasswordHash> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromHex(salt), iterations },
    key,
    KEY_BITS,
  );
  return { salt, hash: toHex(bits), iterations };
}

/** Compares two hex strings in time independent of where they differ. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const { hash } = await hashPassword(password, stored.salt, stored.iterations);
  return timingSafeEqualHex(hash, stored.hash);
}

/** A new bearer token and the hash that is stored for it. */
export async function newToken(): Promise<{ token: string; tokenHash: string }> {
  const token = randomHex(32);
  return { token, tokenHash: await sha256Hex(token) };
}
