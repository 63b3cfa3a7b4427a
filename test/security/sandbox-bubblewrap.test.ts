// baton's own confinement under bubblewrap: the model backend's run_command and the command
// backend's executor, in a task worktree, with sandbox: required. The same attempts as the
// Claude Code executor's (sandbox-fixture.ts) fail; the same honest writes succeed; and the
// per-command allowlist stays the reviewer's first line.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createBackend } from '../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../src/agents/select-backend.ts';
import { isToolRefusal } from '../../src/agents/tools/refusal.ts';
import { createToolset } from '../../src/agents/tools/toolset.ts';
import { bubblewrapAvailability } from '../../src/workspace/sandbox/availability.ts';
import { commandConfinement } from '../../src/workspace/sandbox/confine-command.ts';
import { greetingRequest } from '../agents/backends/execute-request.ts';
import { childEnvironment } from '../support/cli.ts';
import {
  breaches,
  executorAttempts,
  executorControls,
  makeLayout,
  missingControls,
} from './sandbox-fixture.ts';

const skip = bubblewrapAvailability().available
  ? undefined
  : `bubblewrap cannot confine here (${bubblewrapAvailability().missing.join('; ')})`;
if (skip) process.stderr.write(`notice: ${skip}: bubblewrap tests skipped\n`);

describe('bubblewrap around run_command and the command backend', { skip }, () => {
  test("run_command: every attempt outside the executor's worktree fails, every honest write succeeds", async (t) => {
    const layout = makeLayout(t);
    const attempts = executorAttempts(layout);
    const controls = executorControls(layout);
    const confinement = commandConfinement(
      { mode: 'required', storeUrl: layout.store },
      'the executor',
      layout.repository,
    );
    assert.ok(confinement);
    const toolset = createToolset({
      role: 'executor',
      root: layout.worktree,
      taskFiles: ['**'],
      runCommandOptions: { confinement, env: childEnvironment({ HOME: layout.home }) },
    });
    const answers = [];
    for (const { command } of [...attempts, ...controls]) {
      const answer = await toolset.call('run_command', { command });
      assert.ok(!isToolRefusal(answer), JSON.stringify(answer));
      answers.push(answer);
    }
    assert.deepEqual(breaches(attempts), [], 'an attempt got through');
    assert.deepEqual(missingControls(controls), [], 'an honest write inside the worktree failed');
    for (const [index, attempt] of attempts.entries()) {
      assert.notEqual(
        answers[index]!.exitCode,
        0,
        `${attempt.name} reported success:\n${answers[index]!.stdout}`,
      );
    }
    // Reads still work: git sees the worktree, the main checkout is readable.
    const status = await toolset.call('run_command', {
      command: `git status --short && cat ${layout.repository}/README.md`,
    });
    assert.ok(!isToolRefusal(status));
    assert.equal(status.exitCode, 0, status.stderr);
    assert.match(status.stdout, /hello/);
    // A private /tmp: what a command leaves there is gone for the next one and for the host.
    const first = await toolset.call('run_command', {
      command: 'echo secret > /tmp/left-behind && cat /tmp/left-behind',
    });
    assert.ok(!isToolRefusal(first));
    assert.equal(first.stdout, 'secret\n');
    const second = await toolset.call('run_command', { command: 'cat /tmp/left-behind' });
    assert.ok(!isToolRefusal(second));
    assert.notEqual(second.exitCode, 0);
    // The read-only placeholders for .claude/, .baton/, .mcp.json … are gone again.
    for (const entry of ['.claude', '.baton', '.mcp.json', '.codex', '.cursor', '.gemini'])
      assert.equal(existsSync(path.join(layout.worktree, entry)), false, `${entry} was left in the worktree`);
  });

  test("the reviewer's run_command: the allowlist first (a command outside it is refused), then the sandbox", async (t) => {
    const layout = makeLayout(t);
    const confinement = commandConfinement({ mode: 'required' }, 'the reviewer', layout.repository);
    const evil = path.join(layout.repository, 'src', 'evil.js');
    // The verify command itself writes outside the worktree: allowed by the list, stopped by the sandbox.
    const verify = `echo verified && echo x > ${evil}`;
    const toolset = createToolset({
      role: 'reviewer',
      root: layout.worktree,
      verifyCommands: [verify],
      runCommandOptions: {
        ...(confinement ? { confinement } : {}),
        env: childEnvironment({ HOME: layout.home }),
      },
    });
    const refused = await toolset.call('run_command', { command: `echo x > ${evil}` });
    assert.ok(isToolRefusal(refused));
    const allowed = await toolset.call('run_command', { command: verify });
    assert.ok(!isToolRefusal(allowed));
    assert.match(allowed.stdout, /verified/);
    assert.match(allowed.stderr, /Read-only file system/);
    assert.equal(existsSync(evil), false, 'the verify command wrote outside the worktree');
  });

  test("the command backend's executor: the same attempts fail and the same controls succeed", async (t) => {
    const layout = makeLayout(t);
    const attempts = executorAttempts(layout);
    const controls = executorControls(layout);
    // One script runs every attempt, then every control; it must still end well and report.
    const script = path.join(layout.home, 'agent.sh');
    writeFileSync(
      script,
      [
        ...attempts.map(
          (attempt) => `( ${attempt.command} ) 2>/dev/null && echo "GOT THROUGH: ${attempt.name}"`,
        ),
        ...controls.map((control) => `( ${control.command} ) || echo "CONTROL FAILED: ${control.name}"`),
        `echo '{"status":"finished","summary":"tried"}' > "$BATON_RESULT_FILE"`,
      ].join('\n'),
    );
    const descriptor = await selectBackend({
      role: 'executor',
      config: { roles: undefined },
      flag: `command:bash ${script}`,
    });
    const backend = await createBackend(descriptor, {
      repositoryRoot: layout.repository,
      env: childEnvironment({ HOME: layout.home }),
      sandbox: { mode: 'required', storeUrl: layout.store },
    });
    mkdirSync(path.join(layout.repository, '.baton', 'handoff'), { recursive: true });
    const buildFile = path.join(layout.repository, '.baton', 'handoff', 'BUILD_T1.md');
    writeFileSync(buildFile, '# build\n');
    const { request } = greetingRequest(layout.worktree, ['**'], buildFile);
    const outcome = await backend.execute!(request);
    assert.deepEqual(outcome, { status: 'finished', summary: 'tried' });
    assert.deepEqual(breaches(attempts), [], 'an attempt got through');
    assert.deepEqual(missingControls(controls), [], 'an honest write inside the worktree failed');
  });
});
