// The size rules of docs/rules.md ("Code structure"): outside tests and generated data no file over
// 400 lines, one over 300 only where its opening comment says why it stays whole, and no function
// over 80 lines. Functions are measured on the TypeScript syntax tree, from the first token of the
// function (after its doc comment) to its last, so formatting cannot hide one inside another line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  isFunctionLikeDeclaration,
  type Node,
  type SourceFile,
  SyntaxKind,
} from 'typescript/unstable/ast';
import { API } from 'typescript/unstable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Generated data, rebuilt by a script rather than read: its length is the data's. */
const GENERATED = ['shared/calendar-data.ts'];

const FILE_LIMIT = 400;
const FILE_LIMIT_UNEXPLAINED = 300;
const FUNCTION_LIMIT = 80;

const ROOT = resolve(import.meta.dirname, '..');

/** Tracked code, less tests (`*.test.ts`, `test/` folders with their helpers and fixtures). */
function codeFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split(
    '\0',
  );
  return tracked.filter(
    (path) =>
      /\.(ts|tsx|js|mjs|cjs)$/.test(path) &&
      !path.endsWith('.test.ts') &&
      !/(^|\/)test\//.test(path) &&
      !GENERATED.includes(path),
  );
}

/** The file's opening comment: the comment lines before its first line of code. */
function openingComment(text: string): string {
  const lines = text.split('\n');
  const start = lines[0]?.startsWith('#!') ? 1 : 0;
  const comment: string[] = [];
  for (const line of lines.slice(start)) {
    const trimmed = line.trim();
    if (!/^(\/\/|\/\*|\*)/.test(trimmed)) break;
    comment.push(trimmed);
  }
  return comment.join(' ');
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** What a reader would call the function: its own name, or the name it is assigned to. */
function functionName(node: Node): string {
  const named = (n: Node) => {
    const name = (n as Node & { name?: Node & { text?: string } }).name;
    return name?.text ?? name?.getText();
  };
  const own = named(node);
  if (own) return own;
  const parent = node.parent;
  if (
    parent.kind === SyntaxKind.VariableDeclaration ||
    parent.kind === SyntaxKind.PropertyAssignment ||
    parent.kind === SyntaxKind.PropertyDeclaration
  ) {
    return named(parent) ?? '(anonymous)';
  }
  if (parent.kind === SyntaxKind.CallExpression) {
    const callee = (parent as Node & { expression: Node }).expression
      .getText()
      .replace(/\s+/g, ' ');
    return `(callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`;
  }
  return '(anonymous)';
}

interface Offender {
  where: string;
  lines: number;
}

function longFunctions(path: string, file: SourceFile): Offender[] {
  const text = file.text;
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const found: Offender[] = [];
  const visit = (node: Node): void => {
    if (isFunctionLikeDeclaration(node) && (node as Node & { body?: Node }).body) {
      const first = lineOf(node.getStart(file));
      const lines = lineOf(node.getEnd()) - first + 1;
      if (lines > FUNCTION_LIMIT)
        found.push({ where: `${path}:${first} ${functionName(node)}`, lines });
    }
    node.forEachChild(visit);
  };
  visit(file);
  return found;
}

/** What breaks a size rule in one file, in words; empty when the file keeps them all. */
function offences(path: string, text: string, tree: SourceFile | undefined): string[] {
  const lines = lineCount(text);
  return [
    ...(lines > FILE_LIMIT ? [`${path}: ${lines} lines, over ${FILE_LIMIT}`] : []),
    ...(lines > FILE_LIMIT_UNEXPLAINED &&
    lines <= FILE_LIMIT &&
    !/\bwhole\b/i.test(openingComment(text))
      ? [`${path}: ${lines} lines, and its opening comment does not say why it stays whole`]
      : []),
    ...(tree ? longFunctions(path, tree) : []).map(
      ({ where, lines }) => `${where}: ${lines} lines, over ${FUNCTION_LIMIT}`,
    ),
  ];
}

/** Lines `const vN = N;` for a function body. */
const statements = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`);

/** Three functions of 81, 80 and 81 lines from their first line to their last. */
const SAMPLE = [
  '/** Doc comments do not count. */',
  'export function tooLong() {',
  ...statements(79),
  '}',
  'export const justRight = () => {',
  ...statements(78),
  '};',
  'class Holder {',
  '  method() {',
  ...statements(79),
  '  }',
  '}',
  '',
].join('\n');

describe('code structure', () => {
  const all = codeFiles();
  const paths = all;
  const texts = new Map(all.map((path) => [path, readFileSync(join(ROOT, path), 'utf8')]));
  const trees = new Map<string, SourceFile>();
  let api: API | undefined;
  let configDir = '';
  let sample: SourceFile | undefined;

  beforeAll(() => {
    // A throwaway project holding exactly the code files, parsed without resolving imports.
    configDir = mkdtempSync(join(tmpdir(), 'minqing-structure-'));
    writeFileSync(join(configDir, 'sample.ts'), SAMPLE);
    const files = [...all.map((path) => join(ROOT, path)), join(configDir, 'sample.ts')];
    const config = {
      compilerOptions: { allowJs: true, noResolve: true, noLib: true, types: [] },
      files,
    };
    writeFileSync(join(configDir, 'tsconfig.json'), JSON.stringify(config));
    api = new API({ cwd: ROOT });
    const project = api
      .updateSnapshot({ openProjects: [join(configDir, 'tsconfig.json')] })
      .getProjects()[0];
    for (const path of all) {
      const file = project?.program.getSourceFile(join(ROOT, path));
      if (file) trees.set(path, file);
    }
    sample = project?.program.getSourceFile(join(configDir, 'sample.ts'));
  });

  afterAll(() => {
    api?.close();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  const offencesOf = (path: string) => offences(path, texts.get(path) ?? '', trees.get(path));

  it('finds the code it checks', () => {
    expect(paths).toContain('shared/scores.ts');
    expect(paths).toContain('worker/src/app.ts');
    expect(paths).not.toContain('worker/test/helpers.ts');
    expect(paths).not.toContain('shared/calendar-data.ts');
    expect(trees.size).toBe(all.length);
  });

  it(`keeps every file within ${FILE_LIMIT} lines, one over ${FILE_LIMIT_UNEXPLAINED} only when its opening comment says why it stays whole, and every function within ${FUNCTION_LIMIT} lines`, () => {
    const found = paths.flatMap(offencesOf);
    expect(found, `structure rules broken:\n${found.join('\n')}`).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    // A hand-made file: 401 lines, a function of 81 lines (its first to its last line).
    const body = Array.from({ length: 79 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `// demo\nexport function long() {\n${body}\n}\n${'\n'.repeat(401 - 82)}`;
    expect(lineCount(text)).toBe(401);
    expect(offences('demo.ts', text, undefined)).toEqual(['demo.ts: 401 lines, over 400']);
    const shorter = text.split('\n').slice(0, 321).join('\n');
    expect(offences('demo.ts', shorter, undefined)).toEqual([
      'demo.ts: 320 lines, and its opening comment does not say why it stays whole',
    ]);
    expect(offences('demo.ts', `// Kept whole: one table.\n${shorter}`, undefined)).toEqual([]);
    expect(sample).toBeDefined();
    expect(longFunctions('sample.ts', sample!)).toEqual([
      { where: 'sample.ts:2 tooLong', lines: 81 },
      { where: 'sample.ts:164 method', lines: 81 },
    ]);
  });
});
