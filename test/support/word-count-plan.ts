// The three-task plan of the run acceptance tests (seed 002, seed 003, Codex), for the scratch
// project of scratch-project.ts: T1 makes a module, then T2 (its test) and T3 (a command) fan
// out from it; seed 003 adds T4 (the README) after T3. With the work a scripted executor writes
// for each task, and a scripted reviewer's answers.

import { requestText } from './fake-anthropic.ts';
import { sayTurn } from './scripted-turns.ts';
import type { SessionScript } from './session-router.ts';

/** With `documented`, a fourth task T4 (the README) depends on T3. */
export function wordCountPlan(id: string, options: { documented?: boolean } = {}): string {
  const documentTask = options.documented
    ? `
### T4: Document the command
- **Action**: create
- **Files**: \`README.md\`
- **Description**: Say how to count the words of a file with bin/count.js.
- **Success Criteria**:
  - README.md shows the command
- **Verify**:
  - \`grep -q "bin/count.js" README.md\`
- **Dependencies**: T3
`
    : '';
  return `---
id: ${id}
title: Word count
created: 2026-12-03
author: planner
risk: low
base: main
---

# Plan: Word count

## Summary

Count the words of a text: a module, its test, and a command that prints the count.

## Requirements Clarified

- Assumption: CommonJS, as src/text.js is.

## Tasks

### T1: Count words
- **Action**: create
- **Files**: \`src/count.js\`
- **Description**: Export countWords(text), the number of words(text) of src/text.js.
- **Success Criteria**:
  - countWords('a b c') returns 3
- **Verify**:
  - \`node -e "process.exit(require('./src/count.js').countWords('a b c') === 3 ? 0 : 1)"\`
- **Dependencies**: none

### T2: Test countWords
- **Action**: create
- **Files**: \`test/count.test.js\`
- **Description**: A node:test test of countWords.
- **Success Criteria**:
  - node --test passes
- **Verify**:
  - \`node --test\`
- **Dependencies**: T1

### T3: Word count command
- **Action**: create
- **Files**: \`bin/count.js\`
- **Description**: Read standard input and print its word count on a line of its own.
- **Success Criteria**:
  - echo "a b c" | node bin/count.js prints 3 and a newline
- **Verify**:
  - \`echo "a b c" | node bin/count.js | grep -qx 3\`
- **Dependencies**: T1
${documentTask}
## Verification

- [ ] \`node --test\`
- [ ] \`echo "a b c" | node bin/count.js | grep -qx 3\`
`;
}

/** What the executors write: the file of each task, and T3's first try (no newline). */
export const wordCountWork = {
  T1: {
    file: 'src/count.js',
    content:
      "const { words } = require('./text.js');\n\nexports.countWords = (text) => words(text).length;\n",
  },
  T2: {
    file: 'test/count.test.js',
    content: [
      "const assert = require('node:assert/strict');",
      "const { test } = require('node:test');",
      "const { countWords } = require('../src/count.js');",
      '',
      "test('countWords counts the words', () => {",
      "  assert.equal(countWords(' a b  c '), 3);",
      "  assert.equal(countWords(''), 0);",
      '});',
      '',
    ].join('\n'),
  },
  T3: {
    file: 'bin/count.js',
    content: [
      "const { countWords } = require('../src/count.js');",
      '',
      "let input = '';",
      "process.stdin.on('data', (chunk) => {",
      '  input += chunk;',
      '});',
      '// On a line of its own, as the task says.',
      "process.stdin.on('end', () => process.stdout.write(countWords(input) + '\\n'));",
      '',
    ].join('\n'),
    /** Round 1: the count without a newline — verify passes, the reviewer asks for the line. */
    firstTry: [
      "const { countWords } = require('../src/count.js');",
      '',
      "let input = '';",
      "process.stdin.on('data', (chunk) => {",
      '  input += chunk;',
      '});',
      "process.stdin.on('end', () => process.stdout.write(String(countWords(input))));",
      '',
    ].join('\n'),
  },
  T4: { file: 'README.md', content: '# Word count\n\n    node bin/count.js < file.txt\n' },
} as const;

/** The issue the reviewer raises on T3's first try, as it reaches the next round's feedback. */
export const newlineIssue =
  'bin/count.js prints the count without a newline; the task asks for a line of its own';

/** A reviewer's answer: every criterion at `score`, with the issues given. */
export function reviewAnswer(score: number, issues: Array<{ file: string; message: string }> = []): string {
  const criteria = ['adherence', 'correctness', 'architecture', 'readability', 'security', 'performance'];
  return JSON.stringify({
    scores: Object.fromEntries(criteria.map((criterion) => [criterion, score])),
    issues: issues.map((issue) => ({ severity: 'medium', ...issue })),
    summary: score >= 90 ? 'Does what the task says.' : 'Changes requested.',
  });
}

/** Whether a prompt is that of the executor of `task` in round 1 or in a later round. */
export const executorOf =
  (task: string, round: 1 | 2) =>
  (prompt: string): boolean =>
    prompt.includes(`You are the executor of task ${task} `) &&
    prompt.includes('This is round 2') === (round === 2);

/** The path of the feedback file a round-2 executor's prompt names. */
export function feedbackFileIn(prompt: string): string {
  const file = /Read the review feedback in (\S+) and/.exec(prompt)?.[1];
  if (file === undefined) throw new Error(`no feedback file in the prompt: ${prompt.slice(0, 500)}`);
  return file;
}

/**
 * The reviewers of the three tasks (Claude Code sessions): T1 and T2 approved, T3 approved only
 * once its count ends with a newline (round 2), scored 70 with `newlineIssue` before.
 */
export function wordCountReviewers(): SessionScript[] {
  return [
    { prompt: /You are the reviewer of task T[12] /, turns: [sayTurn(reviewAnswer(95))] },
    {
      prompt: /You are the reviewer of task T3 /,
      turns: [
        (request) =>
          requestText(request).includes('On a line of its own')
            ? sayTurn(reviewAnswer(95))
            : sayTurn(reviewAnswer(70, [{ file: 'bin/count.js', message: newlineIssue }])),
      ],
    },
  ];
}
