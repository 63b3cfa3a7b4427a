import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePoolBlocks } from '../../../src/core/pool/blocks.ts';

const seedText = `Done with the sidebar.

\`\`\`pool
INSTANCE: A
ACTION: completed
TOPIC: Blog sidebar redesign
SUMMARY: Added new BlogSidebar component with tag filtering
AFFECTS: apps/web/components/blog/BlogSidebar.tsx, packages/blog/src/components/Filters.tsx
BLOCKS: Can now start implementing tag-based navigation
\`\`\`
`;

test('a seed block is read with its fields and line', () => {
  const { blocks, diagnostics } = parsePoolBlocks(seedText, { postingInstance: 'A' });
  assert.deepEqual(diagnostics, []);
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0]?.line, 3);
  assert.deepEqual(blocks[0]?.entry, {
    instance: 'A',
    action: 'completed',
    topic: 'Blog sidebar redesign',
    summary: 'Added new BlogSidebar component with tag filtering',
    affects: ['apps/web/components/blog/BlogSidebar.tsx', 'packages/blog/src/components/Filters.tsx'],
    blocks: 'Can now start implementing tag-based navigation',
    planId: null,
    taskId: null,
  });
});

test('keys are case-insensitive, None means nothing, a wrapped line continues the value', () => {
  const text = [
    '```pool',
    'action: Blocked',
    'Topic: PDF export',
    'summary: first part',
    '  second part',
    'BLOCKS: None',
    'AFFECTS: none',
    'plan: p1',
    'TASK: T2',
    '```',
  ].join('\n');
  const { blocks, diagnostics } = parsePoolBlocks(text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(blocks[0]?.entry, {
    instance: undefined,
    action: 'blocked',
    topic: 'PDF export',
    summary: 'first part second part',
    affects: [],
    blocks: null,
    planId: 'p1',
    taskId: 'T2',
  });
});

test('malformed blocks are reported with their lines and yield nothing; good ones still do', () => {
  const text = [
    '```pool', // 1
    'ACTION: completed', // 2
    'TOPIC: fine', // 3
    'SUMMARY: fine', // 4
    '```', // 5
    '```pool', // 6
    'ACTION: completed', // 7
    'TOPIC: no summary', // 8
    '```', // 9
    '```pool', // 10
    'ACTION: finished', // 11
    'TOPIC: t', // 12
    'SUMMARY: s', // 13
    '```', // 14
    '```pool', // 15
    'ACTION: note', // 16
    'TOPIC: t', // 17
    'SUMMARY: s', // 18
    'OWNER: me', // 19
    '```', // 20
    '```POOL', // 21
    'INSTANCE: B', // 22
    'ACTION: note', // 23
    'TOPIC: t', // 24
    'SUMMARY: s', // 25
    '```', // 26
    '```pool', // 27
    'INSTANCE: ?', // 28
    'ACTION: note', // 29
    'TOPIC: question mark', // 30
    'SUMMARY: s', // 31
    '```', // 32
  ].join('\n');
  const { blocks, diagnostics } = parsePoolBlocks(text, { postingInstance: 'A' });
  assert.deepEqual(
    blocks.map((block) => [block.line, block.entry.topic]),
    [
      [1, 'fine'],
      [27, 'question mark'],
    ],
  );
  assert.deepEqual(
    diagnostics.map((diagnostic) => diagnostic.line),
    [6, 11, 19, 22],
  );
  assert.match(diagnostics[0]!.message, /SUMMARY is missing/);
  assert.match(diagnostics[1]!.message, /unknown ACTION "finished"/);
  assert.match(diagnostics[2]!.message, /unknown key "OWNER"/);
  assert.match(diagnostics[3]!.message, /INSTANCE B is not the posting instance A/);
});

test('an unclosed block is reported at its fence; text without blocks yields nothing', () => {
  assert.deepEqual(parsePoolBlocks('intro\n```pool\nACTION: note\n'), {
    blocks: [],
    diagnostics: [{ line: 2, message: 'pool block is not closed (no closing fence)' }],
  });
  assert.deepEqual(parsePoolBlocks('```ts\nconst a = 1;\n```\n'), { blocks: [], diagnostics: [] });
});

test('a repeated key and a stray line before any key are reported', () => {
  const text = '```pool\nsomething odd\nACTION: note\nACTION: note\nTOPIC: t\nSUMMARY: s\n```';
  const { blocks, diagnostics } = parsePoolBlocks(text);
  assert.equal(blocks.length, 0);
  assert.deepEqual(
    diagnostics.map((diagnostic) => diagnostic.line),
    [2, 4],
  );
});

test('the store refuses an entry over a limit, naming the field (Stop hook, CLI and --from alike)', async () => {
  const { validatePoolEntry } = await import('../../../src/core/pool/entry.ts');
  assert.deepEqual(
    validatePoolEntry({ instance: 'A', action: 'note', topic: 't'.repeat(201), summary: 's', affects: [] }),
    ['topic is longer than 200 characters (201)'],
  );
});
