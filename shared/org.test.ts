import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildOrgTree, parseOrgCsv, shortUnitName } from './org.ts';

const org = buildOrgTree(
  parseOrgCsv(readFileSync(new URL('../data/demo-org.csv', import.meta.url), 'utf8')),
);

describe('org tree', () => {
  test('finds a residential area by code, full name and name without its suffix', () => {
    expect(org.find('YP-CB-001')?.name).toBe('长白一村居民区');
    expect(org.find('长白一村居民区')?.code).toBe('YP-CB-001');
    expect(org.find('长白一村')?.code).toBe('YP-CB-001');
    expect(org.find(' yp-cb-001 ')?.code).toBe('YP-CB-001');
    expect(org.find('长白新村街道办事处')?.code).toBe('YP-CB');
    expect(org.find('长白新村')?.code).toBe('YP-CB');
    expect(org.find('不存在居民区')).toBeNull();
  });

  test('knows which areas lie under a sub-district and which do not', () => {
    expect(org.isWithin('YP-CB-003', 'YP-CB')).toBe(true);
    expect(org.isWithin('YP-CB-003', 'YP')).toBe(true);
    expect(org.isWithin('YP-WJC-001', 'YP-CB')).toBe(false);
    expect(org.isWithin('YP-CB', 'YP-CB-003')).toBe(false);
  });

  test('lists a subtree in tree order and the path from the district', () => {
    expect(org.subtree('YP-CB').map((u) => u.code)).toEqual([
      'YP-CB',
      'YP-CB-001',
      'YP-CB-002',
      'YP-CB-003',
      'YP-CB-004',
      'YP-CB-005',
    ]);
    expect(org.path('YP-CB-004')).toEqual(['YP', 'YP-CB', 'YP-CB-004']);
    expect(org.districtOf('YP-D-RS')?.code).toBe('YP');
    expect(org.children('YP').filter((u) => u.kind === 'subdistrict')).toHaveLength(6);
  });

  test('strips the suffixes clerks leave off, but never the whole name', () => {
    expect(shortUnitName('长白新村街道办事处')).toBe('长白新村街道');
    expect(shortUnitName('上理居民区')).toBe('上理');
    expect(shortUnitName('居民区')).toBe('居民区');
  });

  test('rejects a malformed CSV line with its line number', () => {
    expect(() => parseOrgCsv('code,name,kind,parent\nYP,杨浦区,county,\n')).toThrow(/line 2/);
  });
});
