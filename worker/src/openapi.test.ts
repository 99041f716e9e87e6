import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg, testEnv } from '../test/helpers.ts';
import { app } from './app.ts';
import { ENDPOINT_RULES } from './endpoints.ts';

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

beforeAll(() => seedDemoOrg());

const document = async () => api('/api/openapi.json', { token: await login('YP-CB-001') });

describe('the OpenAPI document', () => {
  it('is for signed-in accounts only', async () => {
    expect((await api('/api/openapi.json')).status).toBe(401);
  });

  it('names no server taken from a request: a Host header does not reach later callers', async () => {
    const token = await login('YP-CB-001');
    // Under wrangler dev and on Cloudflare the request's URL carries the Host header.
    const first = await app.request(
      'http://evil.example/api/openapi.json',
      { headers: { Authorization: `Bearer ${token}`, Host: 'evil.example' } },
      testEnv,
    );
    expect(JSON.stringify(await body(first))).not.toContain('evil.example');
    const later = await body<{ servers: { url: string }[] }>(await document());
    expect(later.servers).toEqual([{ url: '/' }]);
  });

  it('describes every route', async () => {
    const res = await document();
    expect(res.status).toBe(200);
    const doc = await body<Document>(res);
    expect(doc.openapi).toBe('3.1.0');
    const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(described.sort()).toEqual(Object.keys(ENDPOINT_RULES).sort());
  });

  it('takes request and record schemas from the shared ledger schemas', async () => {
    const doc = await body<Document>(await document());
    const submit = doc.paths['/api/submissions']!.post as {
      requestBody: {
        content: {
          'application/json': { schema: { properties: Record<string, { enum?: string[] }> } };
        };
      };
    };
    const request = submit.requestBody.content['application/json'].schema;
    expect(request.properties.kind?.enum).toEqual([
      'case',
      'household',
      'visit',
      'evaluation',
      'cadre',
    ]);
    const detail = JSON.stringify(doc.paths['/api/cases/{id}']!.get);
    for (const field of ['caseNo', 'firstReceiver', 'satisfaction', '不满意'])
      expect(detail).toContain(field);
    const list = doc.paths['/api/cases']!.get as { parameters: { name: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['unit', 'status', 'overdue', 'cursor', 'limit', 'sort', 'q']),
    );
  });
});
