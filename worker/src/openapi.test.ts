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

  it('shows each endpoint’s answer with its fields: the roll, its revisions and appeals, the reports', async () => {
    const doc = await body<Document>(await document());
    type Schema = { properties?: Record<string, Schema>; anyOf?: Schema[]; items?: Schema };
    const answer = (path: string, method = 'get') => {
      const responses = doc.paths[path]![method]!.responses as Record<
        string,
        { content: { 'application/json': { schema: Schema } } }
      >;
      const success = Object.keys(responses).find((status) => status.startsWith('2'))!;
      return responses[success]!.content['application/json'].schema;
    };
    const fields = (schema: Schema | undefined) => Object.keys(schema?.properties ?? {});
    // Every answer names its fields (or those of each form it takes): none is a bare object.
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const schema = answer(path, method);
        const forms = schema.anyOf ?? [schema];
        expect(
          forms.map((form) => fields(form).length > 0),
          `${method} ${path}`,
        ).not.toContain(false);
      }
    }
    const [finalised, live] = answer('/api/assessment').anyOf!;
    expect(fields(live)).toEqual(['year', 'of', 'unit', 'rows']);
    expect(fields(finalised)).toEqual(['year', 'of', 'unit', 'rows', 'revision', 'appeals']);
    expect(fields(live!.properties!.rows!.items)).toEqual(
      expect.arrayContaining(['key', 'peerGroup', 'total', 'grade', 'rank', 'change']),
    );
    const explained = answer('/api/assessment/explain');
    expect(fields(explained.properties!.cases!.items)).toEqual(
      expect.arrayContaining(['caseNo', 'replyDue', 'counted', 'met', 'reporterName', 'masked']),
    );
    expect(fields(answer('/api/assessment/finalise', 'post'))).toEqual(
      expect.arrayContaining(['revision', 'settings', 'rows']),
    );
    expect(fields(answer('/api/assessment/revisions').properties!.revisions!.items)).toEqual(
      expect.arrayContaining(['revision', 'signedBy', 'signedAt', 'reason', 'latest']),
    );
    expect(fields(answer('/api/assessment/appeals', 'post'))).toEqual(
      expect.arrayContaining(['key', 'figure', 'status', 'answerRevision', 'district']),
    );
    expect(fields(answer('/api/assessment/appeals/{id}/answer', 'post'))).toEqual([
      'appeal',
      'revision',
    ]);
    expect(fields(answer('/api/reports/frequent'))).toEqual(
      expect.arrayContaining(['frequent', 'widespread', 'recurring']),
    );
    expect(fields(answer('/api/supervision').properties!.overdue!.items)).toEqual(
      expect.arrayContaining(['caseNo', 'reason', 'daysOverdue', 'department', 'calendarGap']),
    );
    expect(fields(answer('/api/visits/compliance').properties!.coverage)).toEqual([
      'byCadre',
      'byArea',
    ]);
    expect(fields(answer('/api/openapi.json'))).toEqual(['openapi', 'info', 'paths']);
  });
});
