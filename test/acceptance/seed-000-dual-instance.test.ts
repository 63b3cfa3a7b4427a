// Seed 000, the dual-instance planning workflow, end to end with the real Claude Code CLI and
// baton's hooks installed (`baton hooks install`): a planner session ("Claude Zero",
// BATON_ROLE=planner) writes a plan into review and is denied the source edit it attempts; an
// agent cannot approve the plan, a person does; an implementer session ("Claude One") reads the
// approved plan, builds it and commits; the plan completes. Each session has a model server of
// its own, as each terminal has a context of its own. (`baton plan --planner claude-code`, the
// planner baton starts itself, is the first step of seed-002-planner-builder.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { claudeUnavailable, describeRun, runClaude } from '../support/claude-code.ts';
import { allToolResults, requestText, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { makeScratch } from '../support/scratch-project.ts';
import { bashTurn, readTurn, sayTurn, writeTurn } from '../support/scripted-turns.ts';

const shoutPlan = `---
id: shout
title: Shout
created: 2026-12-03
author: Claude Zero
risk: low
base: main
---

# Plan: Shout

## Summary

Add shout(text): the text upper-cased with an exclamation mark, and its test.

## Requirements Clarified

- Assumption: CommonJS, as src/text.js is.

## Tasks

### T1: Create shout
- **Action**: create
- **Files**: \`src/shout.js\`
- **Description**: Export shout(text) returning the text upper-cased followed by "!".
- **Success Criteria**:
  - shout('hi') returns 'HI!'
- **Verify**:
  - \`node -e "process.exit(require('./src/shout.js').shout('hi') === 'HI!' ? 0 : 1)"\`
- **Dependencies**: none

### T2: Test shout
- **Action**: create
- **Files**: \`test/shout.test.js\`
- **Description**: A node:test test of shout.
- **Success Criteria**:
  - npm test passes
- **Verify**:
  - \`node --test\`
- **Dependencies**: T1

## Verification

- [ ] \`node --test\`
- [ ] \`node -e "process.exit(require('./src/shout.js').shout('hi') === 'HI!' ? 0 : 1)"\`
`;

const shoutSource = "exports.shout = (text) => text.toUpperCase() + '!';\n";
const shoutTest = [
  "const assert = require('node:assert/strict');",
  "const { test } = require('node:test');",
  "const { shout } = require('../src/shout.js');",
  '',
  "test('shout upper-cases and exclaims', () => {",
  "  assert.equal(shout('hi'), 'HI!');",
  '});',
  '',
].join('\n');

test('seed 000: a planner writes a plan and cannot edit code, a person approves, an implementer builds it, the plan completes', {
  skip: claudeUnavailable,
  timeout: 180_000,
}, async (t) => {
  const scratch = await makeScratch(t, { hooks: true });

  // Claude Zero: explores, tries to write code and is told why not, writes the plan into review.
  const zero = await startFakeAnthropic({
    turns: [
      readTurn(scratch.file('src/text.js')),
      writeTurn(scratch.file('src/shout.js'), shoutSource),
      writeTurn(scratch.file('.baton/plans/review/shout.md'), shoutPlan),
      sayTurn('Plan written to .baton/plans/review/shout.md. It waits for your approval.'),
    ],
  });
  t.after(() => zero.close());
  const planning = await runClaude({
    cwd: scratch.repository,
    home: scratch.home,
    server: zero,
    prompt: 'You are Claude Zero (Planner). Plan a shout(text) function; never edit code.',
    env: { ...scratch.env, BATON_INSTANCE: 'zero', BATON_ROLE: 'planner' },
    allowedTools: ['Read', 'Bash', 'Write', 'Edit'],
  });
  assert.equal(planning.status, 0, describeRun(planning));
  assert.equal(zero.remainingTurns(), 0, describeRun(planning));
  assert.equal(existsSync(scratch.file('src/shout.js')), false, 'the planner wrote source code');
  const [explored, denial, planWritten] = allToolResults(zero.conversationRequests().at(-1)!);
  assert.equal(explored?.isError, false, 'the planner reads the code');
  assert.ok(denial?.isError, `the source Write should come back to the model as an error\n${denial?.text}`);
  assert.match(
    denial.text,
    /the planner never edits code: it may only write a plan \(a \.md file in \.baton\/plans\/review\/\), not src\/shout\.js/,
  );
  assert.equal(planWritten?.isError, false, `the plan itself may be written: ${planWritten?.text}`);
  assert.equal(scratch.read('.baton/plans/review/shout.md'), shoutPlan);
  await scratch.batonOk(['lint', 'shout']);
  const listed = JSON.parse((await scratch.batonOk(['plans', '--json'])).stdout);
  assert.match(JSON.stringify(listed), /"review".*"shout"|"shout".*"review"/s);

  // The human gate: a person approves.
  await scratch.batonOk(['approve', 'shout', '--by', 'Ada']);
  assert.equal(existsSync(scratch.file('.baton/plans/active/shout.md')), true);
  // Not built yet: completing it is refused, its failing Verification named.
  const early = await scratch.baton(['complete', 'shout', '--json']);
  assert.equal(early.status, 1, early.stdout + early.stderr);
  assert.match(early.stdout, /PLAN_TASKS_UNFINISHED/);
  assert.equal(existsSync(scratch.file('.baton/plans/active/shout.md')), true);

  // Claude One: a separate session with a context of its own, reads the approved plan, builds
  // and tests it, commits after each step.
  const one = await startFakeAnthropic({
    turns: [
      readTurn(scratch.file('.baton/plans/active/shout.md')),
      writeTurn(scratch.file('src/shout.js'), shoutSource),
      bashTurn('git add src/shout.js && git commit -q -m "feat: shout"'),
      writeTurn(scratch.file('test/shout.test.js'), shoutTest),
      bashTurn('npm test && git add test/shout.test.js && git commit -q -m "test: shout"'),
      sayTurn('Implemented .baton/plans/active/shout.md: T1 and T2 are committed and npm test passes.'),
    ],
  });
  t.after(() => one.close());
  const session = await runClaude({
    cwd: scratch.repository,
    home: scratch.home,
    server: one,
    prompt:
      'Implement .baton/plans/active/shout.md. Follow the plan exactly. Commit after each logical step.',
    env: { ...scratch.env, BATON_INSTANCE: 'one' },
    allowedTools: ['Read', 'Bash', 'Write', 'Edit'],
  });
  assert.equal(session.status, 0, describeRun(session));
  assert.equal(one.remainingTurns(), 0, describeRun(session));
  const requests = one.conversationRequests();
  assert.doesNotMatch(requestText(requests[0]!), /Plan a shout/, "the planner's context leaked");
  const results = allToolResults(requests.at(-1)!);
  assert.equal(results.length, 5, describeRun(session));
  assert.match(results[0]!.text, /### T1: Create shout/, 'Claude One read the approved plan');
  for (const [index, result] of results.entries()) {
    assert.equal(result.isError, false, `tool call ${index + 1}: ${result.text}`);
  }
  assert.match(results[4]!.text, /pass 2/, 'npm test ran both test files');
  assert.equal(scratch.read('src/shout.js'), shoutSource);
  assert.deepEqual(scratch.git('log', '--format=%s', '-2').split('\n'), ['test: shout', 'feat: shout']);

  // The plan completes: its verification passes on the work the implementer committed.
  const completed = await scratch.baton(['complete', 'shout', '--json']);
  assert.equal(completed.status, 0, completed.stdout + completed.stderr);
  assert.equal(existsSync(scratch.file('.baton/plans/completed/shout.md')), true);
  assert.equal(existsSync(scratch.file('.baton/plans/active/shout.md')), false);
});

test('seed 000: an agent cannot approve the plan, only a person can', async (t) => {
  const scratch = await makeScratch(t);
  writeFileSync(scratch.file('.baton/plans/review/shout.md'), shoutPlan);
  const byAgent = await scratch.baton(['approve', 'shout'], { BATON_ROLE: 'planner' });
  assert.equal(byAgent.status, 1, byAgent.stdout + byAgent.stderr);
  assert.match(byAgent.stderr, /PERSON_ONLY/);
  assert.equal(existsSync(scratch.file('.baton/plans/review/shout.md')), true);
  // The control: the same command from a person's terminal.
  await scratch.batonOk(['approve', 'shout', '--by', 'Ada']);
  assert.equal(existsSync(scratch.file('.baton/plans/active/shout.md')), true);
});
