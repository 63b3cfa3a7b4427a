// Keeps DESIGN.md's layers: a folder never imports a folder above it, and the heavy or
// dangerous dependencies stay in the one folder allowed to use them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const sourceRoot = path.resolve(import.meta.dirname, '..', 'src');

// DESIGN.md's layers, lowest first. A file may import its own layer or any lower one.
//   faces (cli.ts, commands/, integrations/) → runner/ → agents/ → workspace/ and plans/
//   → store/ → claude-code/, config/, core/ → errors.ts
function layerOf(relativePath: string): { name: string; rank: number } {
  const [first] = relativePath.split('/');
  if (first === 'cli.ts' || first === 'commands' || first === 'integrations')
    return { name: 'faces', rank: 6 };
  if (first === 'runner') return { name: 'runner', rank: 5 };
  if (first === 'agents') return { name: 'agents', rank: 4 };
  if (first === 'workspace' || first === 'plans') return { name: first, rank: 3 };
  if (first === 'store') return { name: 'store', rank: 2 };
  // The protocol, config and the pure core share the layer just above errors.ts.
  if (first === 'claude-code' || first === 'config' || first === 'core') return { name: first, rank: 1 };
  if (first === 'installation.ts') return { name: 'installation', rank: 1 };
  if (first === 'errors.ts') return { name: 'errors', rank: 0 };
  throw new Error(`${relativePath} is in no layer of DESIGN.md: add it to layerOf`);
}

function listSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(sourceRoot, path.join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(sourceRoot, file), 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(
    /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
  )) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier) specifiers.push(specifier);
  }
  return specifiers;
}

const files = listSources(sourceRoot);

test('there are sources to check', () => {
  assert.ok(files.length > 10, `found only ${files.length} files under src/`);
});

test('no folder imports a folder above it', () => {
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.relative(sourceRoot, path.resolve(sourceRoot, path.dirname(file), specifier));
      const to = layerOf(target);
      if (to.rank > from.rank) violations.push(`${file} (${from.name}) imports ${target} (${to.name})`);
    }
  }
  assert.deepEqual(violations, []);
});

/** The src/-relative .ts files a file imports (static, re-export and dynamic), resolved. */
function localImportsOf(file: string): string[] {
  const targets = new Set<string>();
  for (const specifier of importsOf(file)) {
    if (!specifier.startsWith('.') || !specifier.endsWith('.ts')) continue;
    targets.add(path.relative(sourceRoot, path.resolve(sourceRoot, path.dirname(file), specifier)));
  }
  return [...targets];
}

/**
 * The import loops among the given files: every strongly connected group of two or more
 * files (Tarjan), each written as one loop through it, sorted so the message is stable.
 */
function importLoops(graph: Map<string, string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (;;) {
      const member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
      if (member === file) break;
    }
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group);
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return groups.map((group) => loopThrough(graph, new Set(group))).sort();
}

/** One loop inside a strongly connected group, from its first file back to it. */
function loopThrough(graph: Map<string, string[]>, group: Set<string>): string {
  const start = [...group].sort()[0] as string;
  // Breadth-first from start until an edge returns to start; the path is the loop.
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const target of graph.get(file) ?? []) {
      if (!group.has(target)) continue;
      if (target === start) {
        const loop = [file];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0] as string) as string);
        const others = [...group].filter((member) => !loop.includes(member)).sort();
        const rest = others.length > 0 ? ` (same knot: ${others.join(', ')})` : '';
        return `${[...loop, start].join(' → ')}${rest}`;
      }
      if (!cameFrom.has(target) && target !== start) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [...group].join(' ↔ ');
}

test('no import loops between files', () => {
  const graph = new Map(files.map((file) => [file, localImportsOf(file)]));
  assert.deepEqual(importLoops(graph), []);
});

test('the loop check finds a loop (self-check)', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  assert.deepEqual(importLoops(graph), ['a.ts → b.ts → c.ts → a.ts']);
  assert.deepEqual(
    importLoops(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', []],
      ]),
    ),
    [],
  );
});

const restricted: Array<{ modules: RegExp; allowed: (file: string) => boolean; rule: string }> = [
  {
    modules: /^(kysely(\/.*)?|pg|node:sqlite)$/,
    allowed: (file) => file.startsWith('store/'),
    rule: 'only src/store/ speaks SQL',
  },
  {
    modules: /^(ai|@ai-sdk\/.*)$/,
    allowed: (file) => file.startsWith('agents/backends/'),
    rule: 'only src/agents/backends/ imports the AI SDK',
  },
  {
    modules: /^(node:)?child_process$/,
    allowed: (file) => file.startsWith('workspace/') || file.startsWith('agents/backends/'),
    rule: 'only src/workspace/ and src/agents/backends/ spawn processes',
  },
  {
    modules: /^(node:)?(fs|fs\/promises|child_process|net|http|https)$/,
    allowed: (file) => !file.startsWith('core/'),
    rule: 'src/core/ is pure: no I/O',
  },
];

test('restricted modules are imported only where DESIGN.md allows', () => {
  const violations: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file)) {
      for (const { modules, allowed, rule } of restricted) {
        if (modules.test(specifier) && !allowed(file))
          violations.push(`${file} imports ${specifier}: ${rule}`);
      }
    }
  }
  // node:sqlite is loaded with require() in the store to stay lazy; check that too.
  for (const file of files) {
    const text = readFileSync(path.join(sourceRoot, file), 'utf8');
    if (/require\(['"]node:sqlite['"]\)/.test(text) && !file.startsWith('store/'))
      violations.push(`${file} requires node:sqlite`);
  }
  assert.deepEqual(violations, []);
});

test('the layer rule catches a violation (self-check)', () => {
  assert.ok(layerOf('store/store.ts').rank > layerOf('core/plan/parse.ts').rank);
  assert.ok(layerOf('commands/init.ts').rank > layerOf('runner/run.ts').rank);
  assert.ok(layerOf('runner/run.ts').rank > layerOf('agents/judge.ts').rank);
  assert.ok(layerOf('agents/judge.ts').rank > layerOf('workspace/verify-commands.ts').rank);
  assert.equal(layerOf('workspace/verify-commands.ts').rank, layerOf('plans/plan-files.ts').rank);
  assert.ok(layerOf('plans/plan-files.ts').rank > layerOf('store/event-log.ts').rank);
  assert.ok(layerOf('store/event-log.ts').rank > layerOf('claude-code/hooks.ts').rank);
  assert.equal(layerOf('claude-code/hooks.ts').rank, layerOf('config/load-config.ts').rank);
  assert.equal(layerOf('config/load-config.ts').rank, layerOf('core/plan/parse.ts').rank);
  assert.ok(layerOf('core/plan/parse.ts').rank > layerOf('errors.ts').rank);
});
