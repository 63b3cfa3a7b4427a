import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePoolBlocks } from '../../../src/core/pool/blocks.ts';
import { formatEntry } from '../../../src/core/pool/format.ts';

test('an entry reads like the seed, and its lines parse back as a pool block', () => {
  const entry = {
    id: 7,
    at: Date.parse('2026-01-02T12:00:00Z'),
    instance: 'B',
    action: 'blocked' as const,
    topic: 'PDF export failing in production',
    summary: 'PDF service returns 500.',
    affects: ['services/pdf-generator/'],
    blocks: 'Cannot test PDF export until service fixed',
    planId: 'pdf',
    taskId: 'T3',
    data: {},
  };
  const text = formatEntry(entry);
  assert.match(text, /^#7 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}\nINSTANCE: B\nACTION: blocked\nTOPIC: PDF export/);
  const body = text.split('\n').slice(1).join('\n');
  const { blocks, diagnostics } = parsePoolBlocks(`\`\`\`pool\n${body}\n\`\`\``);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(blocks[0]?.entry, {
    instance: 'B',
    action: 'blocked',
    topic: entry.topic,
    summary: entry.summary,
    affects: entry.affects,
    blocks: entry.blocks,
    planId: 'pdf',
    taskId: 'T3',
  });
});
