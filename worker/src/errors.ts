/**
 * The one error shape of the API: `{ error: { code, message, issues? } }`. Expected failures throw
 * `RouteError` (an HTTPException carrying a stable code and message parameters); the message is put
 * into the caller's language when the response is written. Anything else becomes a logged 500.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Locale, message } from '../../shared/i18n.ts';
import type { RowIssue } from '../../shared/ledgers/index.ts';
import './messages.ts';

export interface ErrorBody {
  error: { code: string; message: string; issues?: RowIssue[] };
}

export class RouteError extends HTTPException {
  readonly code: string;
  readonly params: Record<string, string | number>;
  readonly issues: RowIssue[] | undefined;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    params: Record<string, string | number> = {},
    issues?: RowIssue[],
  ) {
    super(status, { message: code });
    this.code = code;
    this.params = params;
    this.issues = issues;
  }
}

/** Throws the API error `code` with `status`; for use in expressions (`?? fail(404, …)`). */
export function fail(
  status: ContentfulStatusCode,
  code: string,
  params: Record<string, string | number> = {},
  issues?: RowIssue[],
): never {
  throw new RouteError(status, code, params, issues);
}

/** `?lang=en` or an English `Accept-Language` gives English; Chinese otherwise. */
export function localeOf(c: Context): Locale {
  const lang = c.req.query('lang') ?? c.req.header('Accept-Language') ?? '';
  return /^en\b/i.test(lang.trim()) ? 'en' : 'zh';
}

export function errorBody(
  locale: Locale,
  code: string,
  params: Record<string, string | number> = {},
  issues?: RowIssue[],
): ErrorBody {
  return { error: { code, message: message(code, params, locale), ...(issues ? { issues } : {}) } };
}

/** Codes for HTTPExceptions thrown by Hono itself (validator, body limit). */
function codeOfStatus(status: number, text: string): string {
  if (status === 400 && /json/i.test(text)) return 'MALFORMED_JSON';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return 'BAD_REQUEST';
}

export const onError: ErrorHandler = (err, c) => {
  const locale = localeOf(c);
  if (err instanceof RouteError) {
    return c.json(errorBody(locale, err.code, err.params, err.issues), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(locale, codeOfStatus(status, err.message), { limit: '' }), status);
  }
  console.error(`${c.req.method} ${c.req.path} failed`, err);
  return c.json(errorBody(locale, 'INTERNAL'), 500);
};

export const notFound: NotFoundHandler = (c) => c.json(errorBody(localeOf(c), 'NOT_FOUND'), 404);
