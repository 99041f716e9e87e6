/** The organisation tree the CLI works with: a given org CSV, or the demo district kept in `data/`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOrgTree, type OrgTree, parseOrgCsv } from '../shared/org.ts';

export const DEMO_ORG_CSV = path.resolve(import.meta.dirname, '../data/demo-org.csv');

/** The organisation tree of an org CSV (the demo district by default). */
export function readOrgFile(file: string = DEMO_ORG_CSV): OrgTree {
  return buildOrgTree(parseOrgCsv(readFileSync(file, 'utf8')));
}
