// The human gate under the real Claude Code CLI (fake Anthropic server): its Bash tries to
// approve a plan and to release another instance's claim under a borrowed name. With baton's
// hooks the hook denies them; without the hooks the commands themselves refuse, because Claude
// Code's Bash is an agent's (CLAUDECODE, and the processes above). Control: its Bash reads a plan
// with `baton show`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { claudeUnavailable, describeRun, runClaude } from '../support/claude-code.ts';
import { batonBin, runBaton } from '../support/cli.ts';
import { allToolResults, startFakeAnthropic, type TurnScript } from '../support/fake-anthropic.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

interface Setup {
  repository: string;
  home: string;
}

function setUp(t: TestContext, hooks: boolean): Setup {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  assert.equal(runBaton(repository, ['init'], { env: { HOME: home } }).status, 0);
  if (hooks) {
    const install = runBaton(repository, ['hooks', 'install', '--scope', 'project'], { env: { HOME: home } });
    assert.equal(install.status, 0, install.stderr);
  }
  writeFileSync(path.join(repository, '.baton/plans/review/waiting.md'), cleanPlanText('waiting'));
  return { repository, home };
}

const bash = (command: string): TurnScript => ({
  content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'scripted command' } }],
});

/** Runs Claude Code through `commands` (one Bash call each) and returns each call's result. */
async function session(
  t: TestContext,
  { repository, home }: Setup,
  commands: string[],
  env: Record<string, string> = {},
) {
  const server = await startFakeAnthropic({
    turns: [...commands.map(bash), { content: [{ type: 'text', text: 'Done.' }] }],
  });
  t.after(() => server.close());
  const run = await runClaude({ cwd: repository, home, server, prompt: 'Do the work.', env });
  assert.equal(run.status, 0, describeRun(run));
  const requests = server.conversationRequests();
  return { run, results: allToolResults(requests[requests.length - 1]!) };
}

const baton = `node ${batonBin}`;
const stillInReview = (repository: string) =>
  existsSync(path.join(repository, '.baton/plans/review/waiting.md')) &&
  !existsSync(path.join(repository, '.baton/plans/active/waiting.md'));

describe('the human gate under the real Claude Code CLI', { skip: claudeUnavailable }, () => {
  test("with baton's hooks: baton approve in Bash is denied, in every form tried; baton show runs", async (t) => {
    const setup = setUp(t, true);
    const { run, results } = await session(
      t,
      setup,
      [
        `${baton} approve waiting --by Ada`,
        `sh -c "${baton} approve waiting --by Ada"`,
        `script -qec "${baton} approve waiting" /dev/null`,
        `${baton} show waiting`,
      ],
      { BATON_INSTANCE: 'A' },
    );
    assert.equal(results.length, 4, describeRun(run));
    for (const result of results.slice(0, 3)) {
      assert.equal(result.isError, true, result.text);
      assert.match(result.text, /baton: /);
    }
    assert.match(results[0]!.text, /approve is a person's command/);
    assert.equal(results[3]!.isError, false, results[3]!.text);
    assert.match(results[3]!.text, /waiting/);
    assert.ok(stillInReview(setup.repository), 'the plan was approved from Claude Code');
  });

  test("with baton's hooks: releasing another instance's claim under its name is denied", async (t) => {
    const setup = setUp(t, true);
    mkdirSync(path.join(setup.repository, 'src'));
    writeFileSync(path.join(setup.repository, 'src/held.ts'), 'x\n');
    assert.equal(
      runBaton(setup.repository, ['claim', 'src/held.ts'], { env: { BATON_INSTANCE: 'B', HOME: setup.home } })
        .status,
      0,
    );
    const { results } = await session(
      t,
      setup,
      [
        `BATON_INSTANCE=B ${baton} release src/held.ts`,
        `export CLAUDE_INSTANCE=B; ${baton} release --all`,
        `${baton} release src/held.ts --force`,
      ],
      { BATON_INSTANCE: 'A' },
    );
    for (const result of results) assert.equal(result.isError, true, result.text);
    const claims = runBaton(setup.repository, ['claims', '--json'], { env: { HOME: setup.home } });
    assert.match(claims.stdout, /"instance": "B"/, 'B’s claim was released by A');
  });

  test('without the hooks: the commands themselves refuse in Claude Code’s Bash, even with a terminal and an empty environment', async (t) => {
    const setup = setUp(t, false);
    const { run, results } = await session(t, setup, [
      `${baton} approve waiting --by Ada`,
      `script -qec "${baton} approve waiting --by Ada" /dev/null`,
      `env -i PATH="$PATH" HOME="$HOME" script -qec "${baton} approve waiting --by Ada" /dev/null`,
      `${baton} reject waiting --reason no`,
      `${baton} show waiting`,
    ]);
    assert.equal(results.length, 5, describeRun(run));
    for (const result of results.slice(0, 4)) assert.match(result.text, /PERSON_ONLY/);
    assert.match(results[2]!.text, /runs under an agent/);
    assert.doesNotMatch(results[4]!.text, /PERSON_ONLY/);
    assert.ok(stillInReview(setup.repository), 'the plan was approved from Claude Code');
  });
});
