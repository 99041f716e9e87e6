/**
 * The Worker's API as the pane calls it: a small typed fetch wrapper with the token kept in
 * localStorage and the server address configurable (blank = the host serving the pane, which
 * proxies `/api` in development). Errors carry the API's one error shape.
 */
import type { Unit } from '../../shared/org.ts';

export interface User {
  username: string;
  unit: string;
  unitName: string;
  unitKind: string;
  roles: string[];
}

export interface Receipt {
  id: string;
  kind: string;
  unit: string;
  period: string;
  version: number;
  status: string;
  inserted: number;
  updated: number;
  unchanged: number;
  idempotencyKey: string;
}

export interface Submission {
  id: string;
  unit: string;
  unitName: string;
  kind: string;
  period: string;
  version: number;
  status: string;
  rows: number;
  submittedAt: string;
}

export interface Issue {
  row: number;
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: Issue[];
  constructor(status: number, code: string, text: string, issues: Issue[] = []) {
    super(text);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

const KEY = 'minqing.session';

interface Session {
  server: string;
  token: string | null;
  user: User | null;
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

  url(path: string): string {
    return this.session.server.replace(/\/$/, '') + path;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      'Content-Type': 'application/json',
      'Accept-Language': this.lang(),
      ...(this.session.token ? { Authorization: `Bearer ${this.session.token}` } : {}),
      ...extra,
    };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url(path), {
      method,
      headers: this.headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return parse<T>(response.status, await response.text());
  }

  async login(server: string, username: string, password: string): Promise<User> {
    this.session = { server, token: null, user: null };
    const result = await this.request<{ token: string; user: User }>('POST', '/api/auth/login', {
      username,
      password,
    });
    this.session = { server, token: result.token, user: result.user };
    this.save();
    return result.user;
  }

  async logout(): Promise<void> {
    await this.request('POST', '/api/auth/logout').catch(() => {});
    this.session = { ...this.session, token: null, user: null };
    this.save();
  }

  units(): Promise<{ root: string; units: Unit[] }> {
    return this.request('GET', '/api/units');
  }

  /** Submits with an upload progress callback (fetch cannot report upload progress). */
  submit(
    body: { kind: string; unit: string; period: string; sourceName: string; rows: unknown[] },
    idempotencyKey: string,
    progress: (fraction: number) => void,
  ): Promise<Receipt> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.url('/api/submissions'));
      for (const [name, value] of Object.entries(
        this.headers({ 'Idempotency-Key': idempotencyKey }),
      )) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) progress(event.loaded / event.total);
      };
      xhr.onload = () => {
        try {
          progress(1);
          resolve(parse<Receipt>(xhr.status, xhr.responseText));
        } catch (error) {
          reject(error);
        }
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
      xhr.send(JSON.stringify(body));
    });
  }

  inbox(unit: string): Promise<{ items: Submission[] }> {
    return this.request(
      'GET',
      `/api/submissions?unit=${encodeURIComponent(unit)}&status=submitted`,
    );
  }

  submission(
    id: string,
  ): Promise<{ submission: Submission; rows: { row: number; values: Record<string, unknown> }[] }> {
    return this.request('GET', `/api/submissions/${encodeURIComponent(id)}`);
  }

  accept(id: string): Promise<unknown> {
    return this.request('POST', `/api/submissions/${encodeURIComponent(id)}/accept`);
  }

  returnSubmission(id: string, reason: string): Promise<unknown> {
    return this.request('POST', `/api/submissions/${encodeURIComponent(id)}/return`, { reason });
  }

  forward(unit: string, period: string): Promise<unknown> {
    return this.request('POST', '/api/submissions/forward', { unit, period });
  }

  get<T>(path: string, query: Record<string, string>): Promise<T> {
    return this.request('GET', `${path}?${new URLSearchParams(query)}`);
  }
}

function parse<T>(status: number, text: string): T {
  const body = text ? JSON.parse(text) : null;
  if (status >= 200 && status < 300) return body as T;
  const error = body?.error ?? {};
  throw new ApiError(
    status,
    error.code ?? `HTTP_${status}`,
    error.message ?? text,
    error.issues ?? [],
  );
}
