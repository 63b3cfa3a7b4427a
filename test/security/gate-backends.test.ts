// Every agent baton starts runs with the agent marker, so a person's commands refuse inside it:
// the model backend's run_command (with an environment handed in that lacks the marker, too) and
// the command backend's executor. Controls: the same commands read a plan (`baton show`), or,
// under the command backend's sandbox where the store is out of reach, run baton at all.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isToolRefusal } from '../../src/agents/tools/refusal.ts';
import { makeWorkspace, toolsetFor } from '../agents/tools/workspace-fixture.ts';
import { batonBin, childEnvironment, runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';

function workspaceWithPlan(t: Parameters<typeof makeWorkspace>[0]) {
  const workspace = makeWorkspace(t);
  assert.equal(runBaton(workspace.root, ['init']).status, 0);
  mkdirSync(path.join(workspace.root, '.baton/plans/review'), { recursive: true });
  writeFileSync(path.join(workspace.root, '.baton/plans/review/waiting.md'), cleanPlanText('waiting'));
  return workspace;
}

const baton = `${JSON.stringify(process.execPath)} ${JSON.stringify(batonBin)}`;

for (const [name, env] of [
  ['its own environment', undefined],
  ['an environment handed in without the marker', childEnvironment()],
] as const) {
  test(`run_command (model backend) with ${name}: baton approve and reject refuse, baton show runs`, async (t) => {
    const workspace = workspaceWithPlan(t);
    const { toolset } = toolsetFor(workspace, {
      role: 'executor',
      taskFiles: ['src/**'],
      runCommandOptions: env === undefined ? {} : { env: { ...env } },
    });
    for (const command of [
      `${baton} approve waiting --by Ada`,
      `script -qec '${baton} approve waiting --by Ada' /dev/null`,
      `env -u BATON_AGENT ${baton} reject waiting --reason no`,
    ]) {
      const answer = await toolset.call('run_command', { command });
      assert.ok(!isToolRefusal(answer), JSON.stringify(answer));
      assert.notEqual(answer.exitCode, 0, command);
      assert.match(answer.stdout + answer.stderr, /PERSON_ONLY/, command);
    }
    const shown = await toolset.call('run_command', { command: `${baton} show waiting` });
    assert.ok(!isToolRefusal(shown));
    assert.equal(shown.exitCode, 0, shown.stderr);
    assert.match(
      readFileSync(path.join(workspace.root, '.baton/plans/review/waiting.md'), 'utf8'),
      /waiting/,
      'the plan is still in review',
    );
  });
}

test('the command backend: an executor script running baton approve is refused, baton itself runs', async (t) => {
  const workspace = workspaceWithPlan(t);
  const { createBackend } = await import('../../src/agents/backends/load-backend.ts');
  const { selectBackend } = await import('../../src/agents/select-backend.ts');
  // In the worktree: under the sandbox the executor sees its worktree and a private /tmp.
  const script = path.join(workspace.root, 'executor.sh');
  const output = (name: string) => path.join(workspace.root, name);
  writeFileSync(
    script,
    `#!/bin/sh\n${baton} approve waiting --by Ada > "${output('approve.txt')}" 2>&1; echo "exit $?" >> "${output('approve.txt')}"\n${baton} --version > "${output('show.txt')}" 2>&1\nexit 0\n`,
    { mode: 0o755 },
  );
  const descriptor = await selectBackend({
    role: 'executor',
    config: { roles: undefined },
    flag: `command:${script}`,
  });
  const backend = await createBackend(descriptor, {
    repositoryRoot: workspace.root,
    env: childEnvironment(),
  });
  const outcome = await backend.execute!({
    planId: 'waiting',
    plan: { tasks: [] } as never,
    task: { id: 'T1', title: 'x', files: ['src/a.ts'] } as never,
    workdir: workspace.root,
    buildFile: path.join(workspace.root, 'BUILD_T1.md'),
    round: 1,
    signal: new AbortController().signal,
  });
  assert.equal(outcome.status, 'finished', JSON.stringify(outcome));
  const approve = readFileSync(output('approve.txt'), 'utf8');
  assert.match(approve, /PERSON_ONLY/);
  assert.match(approve, /exit 1/);
  // Control: baton itself runs there (the store may be out of reach under the sandbox).
  assert.match(readFileSync(output('show.txt'), 'utf8'), /^\d+\.\d+\.\d+/);
});
