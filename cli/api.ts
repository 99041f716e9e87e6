/**
 * A small client of the Worker's API for the CLI: sign in, submit, read. Every failure becomes an
 * `ApiError` carrying the API's one error shape (`{ error: { code, message, issues? } }`).
 */
import { ApiError } from '../shared/api-error.ts';
import type { LedgerKind, RowIssue } from '../shared/ledgers/index.ts';
import { UsageError } from './io.ts';

export interface Receipt {
  id: number | string;
  kind: LedgerKind;
  unit: string;
  period: string;
  version: number;
  status: string;
  inserted: number;
  updated: number;
  unchanged: number;
  idempotencyKey: string;
}

export interface User {
  username: string;
  unit: string;
  unitName?: string;
  roles: string[];
}

export { ApiError };

export class Api {
  readonly server: string;
  token: string | null = null;
  constructor(server: string) {
    this.server = server.replace(/\/+$/, '');
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(
        0,
        'UNREACHABLE',
        `无法连接服务器 ${this.server}：${(error as Error).message}`,
      );
    }
    const text = await response.text();
    const json = text === '' ? null : safeJson(text);
    if (!response.ok) {
      const error = (
        json as { error?: { code?: string; message?: string; issues?: RowIssue[] } } | null
      )?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `${response.status} ${response.statusText}`,
        error?.issues ?? [],
      );
    }
    return json as T;
  }

  async login(username: string, password: string): Promise<User> {
    const result = await this.request<{ token: string; user: User }>('POST', '/api/auth/login', {
      username,
      password,
    });
    this.token = result.token;
    return result.user;
  }

  submit(
    submission: {
      kind: LedgerKind;
      unit: string;
      period: string;
      sourceName: string;
      rows: { row: number; values: unknown }[];
    },
    idempotencyKey: string,
  ): Promise<Receipt> {
    return this.request<Receipt>('POST', '/api/submissions', submission, {
      'idempotency-key': idempotencyKey,
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Signs in for a command: the password from standard input (`--password-stdin`) or the
 * `MINQING_PASSWORD` variable, never from the command line (it would stay in the shell history).
 */
export async function signInForCommand(
  server: string,
  user: string,
  passwordStdin: boolean,
  readStdin: () => Promise<string>,
): Promise<Api> {
  const password = passwordStdin
    ? (await readStdin()).replace(/\r?\n$/, '')
    : process.env.MINQING_PASSWORD;
  if (!password) {
    throw new UsageError('请用 --password-stdin 从标准输入提供密码（或设置 MINQING_PASSWORD）');
  }
  const api = new Api(server);
  try {
    await api.login(user, password);
  } catch (error) {
    if (error instanceof ApiError) throw new UsageError(`登录失败：${error.message}`);
    throw error;
  }
  return api;
}
