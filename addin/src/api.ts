/**
 * The Worker's API as the pane calls it: the typed `hc<AppType>` client, so every path, query,
 * body and response is checked against the Worker's routes. The token is kept in localStorage and
 * the server address is configurable (blank = the host serving the pane, which proxies `/api` in
 * development). Errors carry the API's one error shape.
 */
import {
  type ClientResponse,
  hc,
  type InferRequestType,
  type InferResponseType,
} from 'hono/client';
import { ApiError } from '../../shared/api-error.ts';
import type { Explanation } from '../../shared/assessment-explain.ts';
import type { RowIssue } from '../../shared/ledgers/index.ts';
import type { DistrictSettings } from '../../shared/settings.ts';
import type { YearSettings, yearSettingsPatchSchema } from '../../shared/year-settings.ts';
import type { ErrorBody } from '../../worker/src/errors.ts';
import type { AppType } from '../../worker/src/index.ts';
import type { SignedRoll } from '../excel/roll.ts';
import { t } from './strings.ts';

type YearSettingsPatch = import('zod').z.input<typeof yearSettingsPatchSchema>;

type Client = ReturnType<typeof hc<AppType>>;
type Routes = Client['api'];

export type User = InferResponseType<Routes['auth']['login']['$post']>['user'];
export type Receipt = InferResponseType<Routes['submissions']['$post']>;
export type SubmissionBody = InferRequestType<Routes['submissions']['$post']>['json'];
export type Issue = RowIssue;

export { ApiError };

const KEY = 'minqing.session';

interface Session {
  server: string;
  token: string | null;
  user: User | null;
  /** An initial, reset or expired password: only a change (or signing out) is allowed until done. */
  mustChangePassword?: boolean;
}

export class Api {
  session: Session;
  lang: () => string;

  constructor(lang: () => string) {
    this.lang = lang;
    this.session = {
      server: '',
      token: null,
      user: null,
      ...JSON.parse(localStorage.getItem(KEY) ?? '{}'),
    };
  }

  private save(): void {
    localStorage.setItem(KEY, JSON.stringify(this.session));
  }

  get user(): User | null {
    return this.session.user;
  }

  /** The client for the current server, sending the language and, once signed in, the token. */
  private get api(): Routes {
    return hc<AppType>(this.session.server, {
      headers: () => ({
        'Accept-Language': this.lang(),
        ...(this.session.token ? { Authorization: `Bearer ${this.session.token}` } : {}),
      }),
    }).api;
  }

  async login(server: string, username: string, password: string): Promise<User> {
    this.session = { server, token: null, user: null };
    const result = await body(this.api.auth.login.$post({ json: { username, password } }));
    this.session = {
      server,
      token: result.token,
      user: result.user,
      mustChangePassword: result.mustChangePassword,
    };
    this.save();
    return result.user;
  }

  /** Changes the password; every older token stops working, so the fresh one replaces it. */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const result = await body(this.api.auth.password.$post({ json: { oldPassword, newPassword } }));
    this.session = { ...this.session, token: result.token, mustChangePassword: false };
    this.save();
  }

  async logout(): Promise<void> {
    await body(this.api.auth.logout.$post()).catch(() => {});
    this.session = { ...this.session, token: null, user: null, mustChangePassword: false };
    this.save();
  }

  units() {
    return body(this.api.units.$get({ query: {} }));
  }

  /** Submits with an upload progress callback (fetch cannot report upload progress). */
  submit(
    submission: SubmissionBody,
    idempotencyKey: string,
    progress: (fraction: number) => void,
  ): Promise<Receipt> {
    return body(
      this.api.submissions.$post(
        { json: submission },
        { headers: { 'Idempotency-Key': idempotencyKey }, fetch: fetchWithProgress(progress) },
      ),
    );
  }

  inbox(unit: string) {
    return body(this.api.submissions.$get({ query: { unit, status: 'submitted', limit: '50' } }));
  }

  submission(id: string) {
    return body(this.api.submissions[':id'].$get({ param: { id } }));
  }

  accept(id: string) {
    return body(this.api.submissions[':id'].accept.$post({ param: { id } }));
  }

  returnSubmission(id: string, reason: string) {
    return body(this.api.submissions[':id'].return.$post({ param: { id }, json: { reason } }));
  }

  forward(unit: string, period: string) {
    return body(this.api.submissions.forward.$post({ json: { unit, period } }));
  }

  scores(query: InferRequestType<Routes['scores']['$get']>['query']) {
    return body(this.api.scores.$get({ query }));
  }

  supervision(query: InferRequestType<Routes['supervision']['$get']>['query']) {
    return body(this.api.supervision.$get({ query }));
  }

  frequent(query: InferRequestType<Routes['reports']['frequent']['$get']>['query']) {
    return body(this.api.reports.frequent.$get({ query }));
  }

  dueSoon(query: InferRequestType<Routes['due-soon']['$get']>['query']) {
    return body(this.api['due-soon'].$get({ query }));
  }

  /** The district's settings (the area code for conversion, the time limits). */
  settings() {
    // Without `year` the route answers the district's settings (with it, a year's assessment form).
    const pending = this.api.settings.$get({ query: {} }) as unknown as Promise<
      ClientResponse<{ district: string; settings: DistrictSettings }>
    >;
    return body(pending);
  }

  /** The year-end roll (the signed revision once finalised, with its open appeals). */
  assessment(query: InferRequestType<Routes['assessment']['$get']>['query']) {
    return body(this.api.assessment.$get({ query })) as Promise<SignedRoll>;
  }

  /** The records behind one figure of the roll. */
  explain(query: InferRequestType<Routes['assessment']['explain']['$get']>['query']) {
    return body(this.api.assessment.explain.$get({ query })) as Promise<Explanation>;
  }

  /** One assessment year's settings: weights, the total's weights, grades. */
  yearSettings(year: number) {
    const pending = this.api.settings.$get({ query: { year } } as never) as unknown as Promise<
      ClientResponse<{ district: string; year: number; settings: YearSettings }>
    >;
    return body(pending);
  }

  /** A district admin changes one assessment year's settings. */
  saveYearSettings(year: number, json: YearSettingsPatch) {
    const pending = this.api.settings.$put({
      query: { year: String(year) },
      json,
    } as never) as unknown as Promise<
      ClientResponse<{ district: string; year: number; settings: YearSettings }>
    >;
    return body(pending);
  }

  /** A district admin loads the holiday schedule of whole years. */
  importCalendar(json: InferRequestType<Routes['calendar']['$put']>['json']) {
    return body(this.api.calendar.$put({ json }));
  }

  cases(query: InferRequestType<Routes['cases']['$get']>['query']) {
    return body(this.api.cases.$get({ query }));
  }

  /** The district dispatches a case to a department (派单), or reassigns it (改派). */
  dispatch(id: string, json: { department: string; handler: string; plan: string }, again = false) {
    const route = this.api.cases[':id'];
    return body(
      again
        ? route.reassign.$post({ param: { id }, json })
        : route.dispatch.$post({ param: { id }, json }),
    );
  }

  /** The district grants the extension a department asked for (延期). */
  grantExtension(id: string) {
    return body(this.api.cases[':id'].extension.grant.$post({ param: { id } }));
  }

  /** The district refers a case to the standing committee (常委会). */
  refer(id: string, reason: string, meetingOn: string) {
    return body(
      this.api.cases[':id'].referral.$post({ param: { id }, json: { reason, meetingOn } }),
    );
  }
}

/** The success body of a response; any other status throws the API's error as an `ApiError`. */
async function body<T>(pending: Promise<ClientResponse<T>>): Promise<T> {
  const response = await pending.catch((error: unknown) => {
    throw error instanceof ApiError ? error : networkError();
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (response.ok) return parsed as T;
  const error: Partial<ErrorBody['error']> = (parsed as Partial<ErrorBody> | null)?.error ?? {};
  throw new ApiError(
    response.status,
    error.code ?? `HTTP_${response.status}`,
    error.message ?? text,
    error.issues ?? [],
  );
}

/**
 * A `fetch` through XMLHttpRequest, which reports how much of the request body is sent; a JSON body
 * travels gzipped where the host has `CompressionStream` (docs/decisions/0017), as it is otherwise.
 */
function fetchWithProgress(progress: (fraction: number) => void): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    let sent = (init?.body ?? null) as XMLHttpRequestBodyInit | null;
    if (typeof sent === 'string' && typeof CompressionStream === 'function') {
      const stream = new Blob([sent]).stream().pipeThrough(new CompressionStream('gzip'));
      sent = await new Response(stream).blob();
      headers.set('Content-Encoding', 'gzip');
    }
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init?.method ?? 'GET', input instanceof Request ? input.url : String(input));
      headers.forEach((value, name) => {
        xhr.setRequestHeader(name, value);
      });
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) progress(event.loaded / event.total);
      };
      xhr.onload = () => {
        progress(1);
        resolve(new Response(xhr.responseText || null, { status: xhr.status }));
      };
      xhr.onerror = () => reject(networkError());
      xhr.send(sent);
    });
  };
}

/** No answer at all (the server down, the network gone), said in the pane's language. */
function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', t('networkError'));
}
