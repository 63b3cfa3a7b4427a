import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { batonBin, childEnvironment, runBaton } from '../support/cli.ts';
import { makeRepository } from '../support/repository.ts';

const asA = { env: { BATON_INSTANCE: 'A' } };
const asB = { env: { CLAUDE_INSTANCE: 'B' } };

const notes = `Some notes first.

\`\`\`pool
INSTANCE: A
ACTION: completed
TOPIC: Blog sidebar redesign
SUMMARY: Added new BlogSidebar component with tag filtering
AFFECTS: apps/web/components/blog/BlogSidebar.tsx, packages/blog/src/components/Filters.tsx
BLOCKS: Can now start implementing tag-based navigation
\`\`\`

\`\`\`pool
ACTION: completed
TOPIC: missing its summary
\`\`\`

\`\`\`pool
ACTION: researched
TOPIC: Blog filtering architecture
SUMMARY: Blog uses usePostFilters hook with client-side filtering.
AFFECTS: packages/blog/src/hooks/usePostFilters.ts
MOOD: great
\`\`\`
`;

test('pool post --from posts the good blocks, reports each bad one with file:line, exits 1', async (t) => {
  const repository = makeRepository(t);
  writeFileSync(path.join(repository, 'notes.md'), notes);
  const result = runBaton(repository, ['pool', 'post', '--from', 'notes.md'], asA);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^posted #1 as instance A: completed · Blog sidebar redesign$/m);
  assert.match(result.stderr, /^notes\.md:12: SUMMARY is missing or empty$/m);
  assert.match(result.stderr, /^notes\.md:22: unknown key "MOOD"/m);
  const entries = JSON.parse(runBaton(repository, ['pool', 'query', '--json']).stdout).entries;
  assert.deepEqual(
    entries.map((entry: { topic: string }) => entry.topic),
    ['Blog sidebar redesign'],
    'nothing of a malformed block was posted',
  );

  const fromStdin = runBaton(repository, ['pool', 'post', '--from', '-', '--json'], {
    ...asB,
    input: '```pool\nACTION: note\nTOPIC: via stdin\nSUMMARY: hello\n```\n',
  });
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  assert.equal(JSON.parse(fromStdin.stdout).entries[0].instance, 'B');

  const otherName = runBaton(repository, ['pool', 'post', '--from', 'notes.md', '--json'], asB);
  assert.equal(otherName.status, 1);
  assert.match(
    JSON.parse(otherName.stdout).diagnostics[0].message,
    /INSTANCE A is not the posting instance B/,
  );
});

test('pool post from flags and pool query with filters, newest first', async (t) => {
  const repository = makeRepository(t);
  const post = (options: { env: Record<string, string> }, ...args: string[]) => {
    const result = runBaton(repository, ['pool', 'post', ...args, '--json'], options);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout).entries[0];
  };
  const first = post(
    asA,
    '--action',
    'started',
    '--topic',
    'Release notes UI',
    '--summary',
    'Starting on the list',
    '--affects',
    'apps/web/notes.tsx, apps/web/list.tsx',
  );
  assert.deepEqual(first.affects, ['apps/web/notes.tsx', 'apps/web/list.tsx']);
  post(
    asB,
    '--action',
    'blocked',
    '--topic',
    'PDF export',
    '--summary',
    'Service returns 500',
    '--affects',
    'services/pdf/',
    '--blocks',
    'Cannot test PDF export',
  );
  post(
    asA,
    '--action',
    'note',
    '--topic',
    'Tidy up',
    '--summary',
    'Renamed helpers',
    '--plan',
    'p1',
    '--task',
    'T2',
  );

  const topics = (...args: string[]) => {
    const result = runBaton(repository, ['pool', 'query', ...args, '--json']);
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout).entries.map((entry: { topic: string }) => entry.topic);
  };
  assert.deepEqual(topics(), ['Tidy up', 'PDF export', 'Release notes UI']);
  assert.deepEqual(topics('--instance', 'A', '--since', '1h'), ['Tidy up', 'Release notes UI']);
  assert.deepEqual(topics('--action', 'blocked'), ['PDF export']);
  assert.deepEqual(topics('--topic', 'pdf'), ['PDF export']);
  assert.deepEqual(topics('--affects', 'services/pdf/render.ts'), ['PDF export']);
  assert.deepEqual(topics('--affects', 'apps/'), ['Release notes UI']);
  assert.deepEqual(topics('--plan', 'p1'), ['Tidy up']);
  assert.deepEqual(topics('--limit', '1'), ['Tidy up']);
  assert.deepEqual(topics('--since', '2999-01-01'), []);

  const text = runBaton(repository, ['pool', 'query', '--action', 'blocked']);
  assert.match(
    text.stdout,
    /^#2 · \d{4}-\d\d-\d\d \d\d:\d\d\nINSTANCE: B\nACTION: blocked\nTOPIC: PDF export\nSUMMARY: Service returns 500\nAFFECTS: services\/pdf\/\nBLOCKS: Cannot test PDF export\n$/,
  );
});

test('bad --since, bad --action and a missing instance are usage errors (exit 2) that write nothing', async (t) => {
  const repository = makeRepository(t);
  const since = runBaton(repository, ['pool', 'query', '--since', 'yesterday']);
  assert.equal(since.status, 2);
  assert.match(since.stderr, /--since: cannot read "yesterday"/);
  const jsonSince = runBaton(repository, ['pool', 'query', '--since', '5x', '--json']);
  assert.equal(jsonSince.status, 2);
  assert.equal(JSON.parse(jsonSince.stdout).error.code, 'USAGE');

  const action = runBaton(
    repository,
    ['pool', 'post', '--action', 'finished', '--topic', 't', '--summary', 's'],
    asA,
  );
  assert.equal(action.status, 2);
  const missing = runBaton(repository, ['pool', 'post', '--action', 'note', '--topic', 't'], asA);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing --summary/);

  const note = ['pool', 'post', '--action', 'note', '--topic', 't', '--summary', 's'];
  const anonymous = runBaton(repository, note);
  assert.equal(anonymous.status, 2);
  assert.match(anonymous.stderr, /INSTANCE_MISSING/);
  assert.equal(existsSync(path.join(repository, '.baton', 'baton.db')), false);
  const invalid = runBaton(repository, [...note, '--instance', 'not valid']);
  assert.equal(invalid.status, 2);
  assert.equal(existsSync(path.join(repository, '.baton', 'baton.db')), false);
});

test('pool tail prints the backlog, then new entries, and ends cleanly on Ctrl-C', async (t) => {
  const repository = makeRepository(t);
  runBaton(repository, ['pool', 'post', '--action', 'note', '--topic', 'before', '--summary', 'old'], asA);
  const child = spawn(process.execPath, [batonBin, 'pool', 'tail', '--since', '1h', '--json'], {
    cwd: repository,
    env: childEnvironment(),
  });
  let output = '';
  const seen = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (output.split('\n').filter(Boolean).length >= count) {
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      check();
    });
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  await seen(1);
  for (const topic of ['after one', 'after two']) {
    runBaton(repository, ['pool', 'post', '--action', 'note', '--topic', topic, '--summary', 'new'], asB);
  }
  await seen(3);
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exit, 0);
  assert.deepEqual(
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).topic),
    ['before', 'after one', 'after two'],
  );
});

test('pool post --from without an instance posts blocks that state their INSTANCE, refuses the others', (t) => {
  const repository = makeRepository(t);
  const text =
    '```pool\nINSTANCE: C\nACTION: note\nTOPIC: stated\nSUMMARY: s\n```\n\n' +
    '```pool\nACTION: note\nTOPIC: unstated\nSUMMARY: s\n```\n';
  const result = runBaton(repository, ['pool', 'post', '--from', '-', '--json'], { input: text });
  assert.equal(result.status, 1, result.stderr);
  const output = JSON.parse(result.stdout);
  assert.deepEqual(
    output.entries.map((entry: { instance: string; topic: string }) => [entry.instance, entry.topic]),
    [['C', 'stated']],
  );
  assert.match(output.diagnostics[0].message, /INSTANCE is missing, and the poster has none/);
  assert.doesNotMatch(result.stderr, /INSTANCE_MISSING/);
});

test('pool entries are capped: topic 200, summary 2,000 characters, affects 100 paths, on every path', (t) => {
  const repository = makeRepository(t);
  const longSummary = runBaton(
    repository,
    ['pool', 'post', '--action', 'note', '--topic', 't', '--summary', 'x'.repeat(2001)],
    asA,
  );
  assert.equal(longSummary.status, 2, longSummary.stderr);
  assert.match(longSummary.stderr, /USAGE.*summary is longer than 2,000 characters \(2001\)/s);
  const longTopic = runBaton(
    repository,
    ['pool', 'post', '--action', 'note', '--topic', 't'.repeat(201), '--summary', 's'],
    asA,
  );
  assert.match(longTopic.stderr, /topic is longer than 200 characters/);
  const manyPaths = Array.from({ length: 101 }, (_, index) => `f${index}.ts`).join(',');
  const wide = runBaton(
    repository,
    ['pool', 'post', '--action', 'note', '--topic', 't', '--summary', 's', '--affects', manyPaths],
    asA,
  );
  assert.match(wide.stderr, /affects names more than 100 paths \(101\)/);
  const block = runBaton(repository, ['pool', 'post', '--from', '-', '--json'], {
    ...asA,
    input: `\`\`\`pool\nACTION: note\nTOPIC: t\nSUMMARY: ${'x'.repeat(2001)}\n\`\`\`\n`,
  });
  assert.equal(block.status, 1);
  assert.match(JSON.parse(block.stdout).diagnostics[0].message, /^SUMMARY is longer than 2,000 characters/);
  const entries = JSON.parse(runBaton(repository, ['pool', 'query', '--json']).stdout).entries;
  assert.equal(entries.length, 0, 'nothing over a limit was posted');
});

test('--affects FOLDER (without a trailing /) matches the subtree when it is a directory', (t) => {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src', 'auth'), { recursive: true });
  const post = (affects: string, topic: string) =>
    runBaton(
      repository,
      ['pool', 'post', '--action', 'note', '--topic', topic, '--summary', 's', '--affects', affects],
      asA,
    );
  post('src/auth/login.ts', 'inside');
  post('srcs/other.ts', 'sibling prefix');
  const query = (affects: string) =>
    JSON.parse(runBaton(repository, ['pool', 'query', '--affects', affects, '--json']).stdout).entries.map(
      (entry: { topic: string }) => entry.topic,
    );
  assert.deepEqual(query('src'), ['inside']);
  assert.deepEqual(query('src/'), ['inside']);
  assert.deepEqual(query('src/auth/login.ts'), ['inside']);
  assert.deepEqual(query('missing'), [], 'a path that is no directory is one file');
});
