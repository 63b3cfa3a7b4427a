import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attentionHeader, renderAttention } from '../../../src/core/attention/attention-context.ts';
import { heatOf, mentionedFiles, nextScores } from '../../../src/core/attention/attention-scores.ts';

const settings = { decay: 0.8, hot: 0.7, warm: 0.25 };

test('a named file is HOT for two turns, then WARM, then COLD and forgotten', () => {
  let scores = nextScores([], ['src/a.ts'], settings);
  const heats: string[] = [];
  for (let turn = 0; turn < 9; turn++) {
    heats.push(scores[0] ? heatOf(scores[0].score, settings) : 'cold');
    scores = nextScores(scores, [], settings);
  }
  assert.deepEqual(heats, ['hot', 'hot', 'warm', 'warm', 'warm', 'warm', 'warm', 'cold', 'cold']);
  assert.deepEqual(scores, [], 'COLD files keep no score');
});

test('naming a file again brings it back to 1; highest scores first', () => {
  const earlier = [
    { path: 'b.ts', score: 0.5 },
    { path: 'a.ts', score: 0.9 },
  ];
  assert.deepEqual(nextScores(earlier, ['b.ts'], settings), [
    { path: 'b.ts', score: 1 },
    { path: 'a.ts', score: 0.9 * 0.8 },
  ]);
});

test('mentions: whole paths, the end of a path, a unique file name; not words without a dot', () => {
  const files = [
    'apps/web/components/blog/Timeline.tsx',
    'packages/blog/src/data/repository.ts',
    'src/index.ts',
    'lib/index.ts',
    'docs/index.ts',
    'tools/index.ts',
    'README.md',
  ];
  assert.deepEqual(
    mentionedFiles(
      'Fix blog/Timeline.tsx, then look at ./packages/blog/src/data/repository.ts and README.md. The timeline module too.',
      files,
    ),
    ['apps/web/components/blog/Timeline.tsx', 'packages/blog/src/data/repository.ts', 'README.md'],
  );
  assert.deepEqual(mentionedFiles('Timeline.tsx: the bug is there', files), [
    'apps/web/components/blog/Timeline.tsx',
  ]);
  // index.ts is four files: the name alone says nothing; a longer path does.
  assert.deepEqual(mentionedFiles('see index.ts', files), []);
  assert.deepEqual(mentionedFiles('see lib/index.ts', files), ['lib/index.ts']);
  assert.deepEqual(mentionedFiles('nothing here, version 1.2 of timeline', files), []);
});

test("mentions as people write them: Claude Code's @, absolute paths, route folders, inside parentheses", () => {
  const files = [
    'src/a.ts',
    'apps/web/app/(main)/cv/page.tsx',
    'apps/web/app/blog/[slug]/page.tsx',
    'apps/web/app/page.tsx',
  ];
  assert.deepEqual(mentionedFiles('Look at @src/a.ts', files), ['src/a.ts']);
  assert.deepEqual(mentionedFiles('Open /home/me/project/src/a.ts now', files, '/home/me/project'), [
    'src/a.ts',
  ]);
  assert.deepEqual(mentionedFiles('Open /etc/hosts.txt', files, '/home/me/project'), []);
  assert.deepEqual(mentionedFiles('Fix blog/[slug]/page.tsx', files), ['apps/web/app/blog/[slug]/page.tsx']);
  assert.deepEqual(mentionedFiles('And (main)/cv/page.tsx too.', files), ['apps/web/app/(main)/cv/page.tsx']);
  assert.deepEqual(mentionedFiles('(see src/a.ts)', files), ['src/a.ts']);
});

test('the rendered context: the attention header, HOT files whole, WARM first lines, fences that hold', () => {
  assert.equal(
    attentionHeader({ turn: 5, hot: [], warm: [], cold: 142 }).split('\n')[1],
    '║ 🔥 Hot: 0 │ 🌡️ Warm: 0 │ ❄️ Cold: 142 ║',
  );
  const text = renderAttention({
    instance: 'A',
    turn: 3,
    hot: [{ path: 'src/a.md', text: 'Some ```code``` inside\n', truncated: true }],
    warm: [{ path: 'src/b.ts', head: 'export const b = 1;' }],
    cold: 10,
  });
  assert.match(text, /^╔══ ATTENTION STATE \[Turn 3\] ══╗/);
  assert.match(
    text,
    /HOT \(whole files[^\n]*\n\n### src\/a\.md \(cut short\)\n````\nSome ```code``` inside\n````/,
  );
  assert.match(text, /WARM \(first lines only[^\n]*\n\n### src\/b\.ts\n```\nexport const b = 1;\n```/);
});
