// Keeps DESIGN.md's layers: a folder never imports a folder above it, and the heavy or
// dangerous dependencies stay in the one folder allowed to use them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const sourceRoot = path.resolve(import.meta.dirname, '..', 'src');

// Lower number = lower layer. A file may import its own layer or any lower one.
function layerOf(relativePath: string): { name: string; rank: number } {
  const [first, second] = relativePath.split('/');
  if (first === 'cli.ts' || first === 'commands') return { name: 'commands', rank: 5 };
  if (first === 'integrations') return { name: 'integrations', rank: 5 };
  if (first === 'runner') return { name: 'runner', rank: 4 };
  if (first === 'agents') return { name: second === 'backends' ? 'agents/backends' : 'agents', rank: 3 };
  if (first === 'workspace') return { name: 'workspace', rank: 3 };
  if (first === 'core') return { name: 'core', rank: 2 };
  // core and store share the bottom layer; core must not import store (checked below).
  if (first === 'store') return { name: 'store', rank: 2 };
  return { name: 'base', rank: 0 };
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
      if (from.name === 'core' && to.name === 'store')
        violations.push(`${file}: core must stay pure, imports ${target}`);
    }
  }
  assert.deepEqual(violations, []);
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
  const from = layerOf('core/plan/parse.ts');
  const to = layerOf('store/store.ts');
  assert.equal(from.rank, to.rank);
  assert.ok(layerOf('commands/init.ts').rank > layerOf('runner/run.ts').rank);
  assert.ok(layerOf('store/events.ts').rank > layerOf('config.ts').rank);
});
