import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFileName, renderBuildFile } from '../../../src/core/handoff/build-file.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { cleanPlanText } from '../../support/plans.ts';

const plan = parsePlan(cleanPlanText('greeting')).plan;
const task = plan.tasks[1]!;

test('a BUILD file holds the task, the context, the files, the criteria, the verify commands and the rules', () => {
  const text = renderBuildFile({
    plan,
    planId: 'greeting',
    task,
    files: [{ path: 'test/greet.test.js', content: "test('x', () => {});\n```\n" }],
  });
  assert.equal(buildFileName('T2'), 'BUILD_T2.md');
  assert.match(text, /^# BUILD T2: Test the greeting$/m);
  assert.match(text, /Plan: `greeting` — Greeting module \(base branch `main`\)/);
  assert.match(text, /A node:test test for greet\(\)\./);
  assert.match(text, /## Success criteria\n\n- the test passes/);
  assert.match(text, /## Verify[\s\S]*```sh\nnode --test\n```/);
  assert.match(text, /### Summary\n\nAdd a greeting module and its test\./);
  assert.match(text, /### Done before this task\n\n- T1: Create the greeting/);
  // The file's own fence does not end the block.
  assert.match(text, /````js\ntest\('x', \(\) => \{\}\);\n```\n````/);
  assert.match(text, /Touch only the declared files \(`test\/greet\.test\.js`\)/);
  assert.match(text, /report the blocker/);
  assert.match(text, /Do not change the scope/);
  // Inside a run the executor finishes (or reports blocked); it is never told to submit.
  assert.doesNotMatch(text, /baton submit greeting T2/);
  assert.match(text, /then finish/);
  assert.match(text, /BATON_RESULT_FILE/);
  assert.doesNotMatch(text, /Feedback from the last review/);
});

test('a hand-off to a person names the exact submit command', () => {
  const text = renderBuildFile({
    plan,
    planId: 'greeting',
    task,
    files: [],
    submitCommand: 'baton submit greeting T2 --dir /work/trees/greeting/T2',
  });
  assert.match(text, /hand back: `baton submit greeting T2 --dir \/work\/trees\/greeting\/T2`/);
  assert.doesNotMatch(text, /then finish/);
});

test('missing files, caps and feedback', () => {
  const text = renderBuildFile({
    plan,
    planId: 'greeting',
    task,
    files: [
      { path: 'a.txt', content: 'x'.repeat(50) },
      { path: 'b.txt', content: undefined },
      { path: 'c.txt', content: 'y'.repeat(10) },
    ],
    fileCharacterCap: 20,
    totalCharacterCap: 20,
    feedback: '# Review feedback: changes requested\n\n## Issues found\n\n- fix it',
  });
  assert.match(text, /cut after 20 of 50 characters/);
  assert.match(text, /### `b\.txt`\n\nDoes not exist yet\./);
  assert.match(text, /10 characters, left out/);
  assert.match(text, /Round: 2/);
  assert.match(
    text,
    /## Feedback from the last review[\s\S]*### Review feedback: changes requested[\s\S]*- fix it/,
  );
});
