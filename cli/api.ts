/**
 * The Worker's API as the CLI (and the seed, the benches, the end-to-end tests) calls it: the typed
 * `hc<AppType>` client, so paths, bodies and answers are checked against the Worker's routes. The
 * Worker is imported as a type only: nothing of it loads when the CLI runs. Every failure becomes
 * an `ApiError` carrying the API's one error shape (`{ error: { code, message, issues? } }`).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  type ClientResponse,
  hc,
  type InferRequestType,
  type InferResponseType,
} from 'hono/client';
import { ApiError } from '../shared/api-error.ts';
import { type Locale, message } from '../shared/i18n.ts';
import type { ErrorBody } from '../worker/src/errors.ts';
import type { AppType } from '../worker/src/index.ts';
import { type CliIO, localeOf, UsageError } from './io.ts';

const gzipAsync = promisify(gzip);

type Routes = ReturnType<typeof hc<AppType>>['api'];

export type User = InferResponseType<Routes['auth']['login']['$post']>['user'];
export type Receipt = InferResponseType<Routes['submissions']['$post']>;
export type SubmissionBody = InferRequestType<Routes['submissions']['$post']>['json'];

export { ApiError };

/** The `Accept-Language` of each locale: the Worker words its errors in it. */
const ACCEPT_LANGUAGE: Record<Locale, string> = { zh: 'zh-CN', en: 'en' };

export class Api {
  readonly server: string;
  /** The language of the person reading the answers (`--lang`): the Worker's errors and ours. */
  readonly locale: Locale;
  token: string | null = null;
  constructor(server: string, locale: Locale = 'zh') {
    this.server = server.replace(/\/+$/, '');
    this.locale = locale;
  }

  /** What every request carries: the reader's language and, once signed in, the token. */
  private headers(): Record<string, string> {
    return {
      'accept-language': ACCEPT_LANGUAGE[this.locale],
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
  }

  /** The client for the server. */
  private get api(): Routes {
    return hc<AppType>(this.server, { headers: () => this.headers() }).api;
  }

  /**
   * Any route by method and path, for callers that build paths at run time (a ledger's list, the
   * tests); the answer is whatever the caller expects.
   */
  request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const pending = fetch(`${this.server}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.headers(),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return this.body<T>(pending);
  }

  async login(username: string, password: string): Promise<User> {
    const result = await this.body(this.api.auth.login.$post({ json: { username, password } }));
    this.token = result.token;
    return result.user;
  }

  /** A ledger, sent compressed (docs/decisions/0017): a tenth of its JSON on the wire. */
  submit(submission: SubmissionBody, idempotencyKey: string): Promise<Receipt> {
    return this.body(
      this.api.submissions.$post(
        { json: submission },
        { headers: { 'idempotency-key': idempotencyKey }, fetch: gzipFetch },
      ),
    );
  }

  units() {
    return this.body(this.api.units.$get({ query: {} }));
  }

  /** A district admin loads the holiday schedule of whole years. */
  importCalendar(json: InferRequestType<Routes['calendar']['$put']>['json']) {
    return this.body(this.api.calendar.$put({ json }));
  }

  /** The success body of a response; any other status throws the API's error as an `ApiError`. */
  private async body<T>(pending: Promise<ClientResponse<T> | Response>): Promise<T> {
    let response: ClientResponse<T> | Response;
    try {
      response = await pending;
    } catch (error) {
      // fetch says only "fetch failed"; its cause says why (connect ECONNREFUSED …).
      const { message: said, cause } = error as Error & { cause?: Error };
      const reason = cause?.message ?? said;
      throw new ApiError(
        0,
        'UNREACHABLE',
        message('CLI_UNREACHABLE', { server: this.server, reason }, this.locale),
      );
    }
    const text = await response.text();
    const json: unknown = text === '' ? null : safeJson(text);
    if (response.ok) return json as T;
    const error: Partial<ErrorBody['error']> = (json as Partial<ErrorBody> | null)?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? `${response.status} ${response.statusText}`,
      error.issues ?? [],
    );
  }
}

/** `fetch` with the request's JSON body gzipped (fastest level: most of the gain, little CPU). */
const gzipFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('content-encoding', 'gzip');
  const body = await gzipAsync(String(init?.body ?? ''), { level: 1 });
  return fetch(input, { ...init, headers, body });
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The options of every command that signs in (`parseArgs` form); see `signInForCommand`. */
export const SIGN_IN_OPTIONS = {
  server: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
} as const;

/**
 * Signs in for a command: the password from standard input (`--password-stdin`) or the
 * `MINQING_PASSWORD` variable, never from the command line (it would stay in the shell history).
 * The server then answers in the command's language.
 */
export async function signInForCommand(
  server: string,
  user: string,
  passwordStdin: boolean,
  io: CliIO,
): Promise<Api> {
  const password = passwordStdin
    ? (await io.stdin()).replace(/\r?\n$/, '')
    : process.env.MINQING_PASSWORD;
  if (!password) {
    throw new UsageError('CLI_PASSWORD_MISSING');
  }
  const api = new Api(server, localeOf(io));
  try {
    await api.login(user, password);
  } catch (error) {
    if (error instanceof ApiError)
      throw new UsageError('CLI_SIGN_IN_FAILED', { reason: error.message });
    throw error;
  }
  return api;
}
