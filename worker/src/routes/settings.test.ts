import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, login, seedDemoOrg } from '../../test/helpers.ts';

beforeAll(seedDemoOrg);

describe('settings per assessment year', () => {
  it('a year nobody set reads as the defaults over the district weights', async () => {
    const res = await api('/api/settings?year=2025', { token: await login('YP-CB') });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      district: 'YP',
      year: 2025,
      settings: {
        weights: { response: 0.1, onTime: 0.45, satisfaction: 0.45 },
        totalWeights: { composite: 0.5, evaluation: 0.5 },
        grades: [{ label: '优秀', min: 90 }, {}, {}, { label: '不合格', min: 0 }],
      },
    });
  });

  it("the district admin sets one year; the other years and today's settings stay", async () => {
    const token = await login('YP');
    const put = await api('/api/settings?year=2026', {
      method: 'PUT',
      token,
      json: { gradePreset: '公务员', totalWeights: { composite: 0.6, evaluation: 0.4 } },
    });
    expect(put.status).toBe(200);
    const year = await body<{ settings: { grades: { label: string }[] } }>(
      await api('/api/settings?year=2026', { token }),
    );
    expect(year.settings.grades.map((g) => g.label)).toEqual([
      '优秀',
      '称职',
      '基本称职',
      '不称职',
    ]);
    const other = await body<{ settings: { grades: { label: string }[] } }>(
      await api('/api/settings?year=2025', { token }),
    );
    expect(other.settings.grades[1]!.label).toBe('良好');
    // The district's own settings read as before, without the year's keys.
    const current = await body<{ settings: Record<string, unknown> }>(
      await api('/api/settings', { token }),
    );
    expect(current.settings).toMatchObject({ replyDays: 7 });
    expect(current.settings).not.toHaveProperty('grades');
  });

  it('refuses rising thresholds (422), unknown keys (400) and anyone but a district admin (403)', async () => {
    const token = await login('YP');
    const rising = await api('/api/settings?year=2026', {
      method: 'PUT',
      token,
      json: {
        grades: [
          { label: '好', min: 50 },
          { label: '差', min: 60 },
        ],
      },
    });
    expect(rising.status).toBe(422);
    expect((await body<{ error: { code: string } }>(rising)).error.code).toBe(
      'INVALID_YEAR_SETTINGS',
    );
    const unknown = await api('/api/settings?year=2026', {
      method: 'PUT',
      token,
      json: { replyDays: 5 },
    });
    expect(unknown.status).toBe(400);
    const clerk = await api('/api/settings?year=2026', {
      method: 'PUT',
      token: await login('YP-CB'),
      json: {},
    });
    expect(clerk.status).toBe(403);
  });
});
