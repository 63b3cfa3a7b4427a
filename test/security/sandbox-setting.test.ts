// The `sandbox` setting on a machine without bubblewrap and socat, simulated with a PATH that
// has every program of this one except those two: `auto` starts the agent unconfined and says
// so loudly (stderr and a sandbox-unconfined event), `required` refuses with exit 3, `off` says
// nothing. The controls: with them on PATH, every mode but off confines.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { claudeSandboxState, claudeSessionSettings } from '../../src/agents/backends/claude-settings.ts';
import { createBackend } from '../../src/agents/backends/load-backend.ts';
import { sandboxPolicy } from '../../src/agents/sandbox-policy.ts';
import { selectBackend } from '../../src/agents/select-backend.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { BatonError } from '../../src/errors.ts';
import { openStore } from '../../src/store/store.ts';
import {
  bubblewrapAvailability,
  claudeSandboxAvailability,
} from '../../src/workspace/sandbox/availability.ts';
import { commandConfinement } from '../../src/workspace/sandbox/confine-command.ts';
import type { UnconfinedWarning } from '../../src/workspace/sandbox/confinement.ts';
import { greetingRequest } from '../agents/backends/execute-request.ts';
import { childEnvironment, runBaton } from '../support/cli.ts';
import { makeTemporaryDirectory } from '../support/repository.ts';
import { makeLayout } from './sandbox-fixture.ts';

/** A PATH of links to every program on this one's PATH, except `left out`. */
function pathWithout(t: TestContext, leftOut: readonly string[]): string {
  const bin = makeTemporaryDirectory(t, 'baton-path-');
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      continue;
    }
    for (const name of names) {
      if (leftOut.includes(name) || existsSync(path.join(bin, name))) continue;
      symlinkSync(path.join(directory, name), path.join(bin, name));
    }
  }
  return bin;
}

const machineHasThem = bubblewrapAvailability().available && claudeSandboxAvailability().available;

describe('the sandbox setting without bubblewrap and socat', () => {
  test('auto: run_command and command backends start unconfined, and say so', (t) => {
    const env = { PATH: pathWithout(t, ['bwrap', 'socat']) };
    const warnings: UnconfinedWarning[] = [];
    const confinement = commandConfinement(
      { mode: 'auto', onUnconfined: (warning) => warnings.push(warning) },
      'the executor',
      '/repo',
      env,
    );
    assert.equal(confinement, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /the executor runs UNCONFINED/);
    assert.match(warnings[0]!.message, /bubblewrap \(bwrap\) not found on PATH/);
    assert.match(warnings[0]!.fix ?? '', /apt-get install -y bubblewrap socat/);
  });

  test('required: refuses to start an unconfined agent (SANDBOX_UNAVAILABLE, exit 3)', (t) => {
    const env = { PATH: pathWithout(t, ['bwrap', 'socat']) };
    assert.throws(
      () => commandConfinement({ mode: 'required' }, 'the executor', '/repo', env),
      (error: unknown) =>
        error instanceof BatonError &&
        error.code === 'SANDBOX_UNAVAILABLE' &&
        error.exitCode === 3 &&
        /the executor cannot be confined on this machine: bubblewrap \(bwrap\) not found/.test(
          error.message,
        ) &&
        /baton doctor/.test(error.hint ?? ''),
    );
    assert.throws(
      () => claudeSandboxState({ mode: 'required' }, 'the planner', env),
      /SANDBOX_UNAVAILABLE|cannot be confined/,
    );
  });

  test('off: never confined, nothing said', (t) => {
    const env = { PATH: pathWithout(t, ['bwrap', 'socat']) };
    const warnings: UnconfinedWarning[] = [];
    const policy = {
      mode: 'off' as const,
      onUnconfined: (warning: UnconfinedWarning) => warnings.push(warning),
    };
    assert.equal(commandConfinement(policy, 'the executor', '/repo', env), undefined);
    assert.equal(claudeSandboxState(policy, 'the executor', env), 'off');
    assert.deepEqual(warnings, []);
    // No sandbox key in Claude Code's settings at all.
    const settings = claudeSessionSettings({
      role: 'executor',
      cwd: '/repo',
      repositoryRoot: '/repo',
      sandbox: 'off',
      home: '/nonexistent',
    });
    assert.equal(JSON.parse(settings!).sandbox, undefined);
  });

  test('Claude Code under auto without socat: best effort, no hard failure, and a warning naming socat', (t) => {
    const env = { PATH: pathWithout(t, ['socat']) };
    const warnings: UnconfinedWarning[] = [];
    const state = claudeSandboxState(
      { mode: 'auto', onUnconfined: (w) => warnings.push(w) },
      'the reviewer',
      env,
    );
    assert.equal(state, 'best-effort');
    assert.match(warnings[0]!.message, /socat not found on PATH/);
    const settings = JSON.parse(
      claudeSessionSettings({
        role: 'reviewer',
        cwd: '/r',
        repositoryRoot: '/r',
        sandbox: state,
        home: '/none',
      })!,
    );
    assert.equal(settings.sandbox.enabled, true);
    assert.equal(settings.sandbox.failIfUnavailable, false);
    assert.equal(settings.sandbox.allowUnsandboxedCommands, false);
  });

  test('auto with a store: the warning is an event too, and the command backend really runs unconfined', async (t) => {
    const layout = makeLayout(t);
    const env = childEnvironment({ HOME: layout.home, PATH: pathWithout(t, ['bwrap', 'socat']) });
    const store = await openStore({ url: layout.store });
    t.after(() => store.close());
    const policy = sandboxPolicy({
      config: { sandbox: 'auto' },
      repositoryRoot: layout.repository,
      store,
      instance: 'runner-1',
      planId: 'demo',
    });
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    const outside = path.join(layout.repository, 'outside.txt');
    let backend: Awaited<ReturnType<typeof createBackend>>;
    try {
      backend = await createBackend(
        await selectBackend({
          role: 'executor',
          config: { roles: undefined },
          flag: `command:echo x > ${outside}`,
        }),
        { repositoryRoot: layout.repository, env, sandbox: policy },
      );
    } finally {
      process.stderr.write = write;
    }
    await policy.settled?.();
    assert.match(stderr.join(''), /baton: warning: the executor \(command echo x > .*\) runs UNCONFINED/);
    const events = await store.db
      .selectFrom('events')
      .selectAll()
      .where('kind', '=', 'sandbox-unconfined')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.instance, 'runner-1');
    assert.equal(events[0]!.plan_id, 'demo');
    assert.match(events[0]!.summary ?? '', /UNCONFINED/);
    // Honestly unconfined: the write outside the worktree goes through (the warning was true).
    const buildFile = path.join(layout.home, 'BUILD.md');
    writeFileSync(buildFile, '# build\n');
    const outcome = await backend.execute!(greetingRequest(layout.worktree, ['**'], buildFile).request);
    assert.equal(outcome.status, 'finished');
    assert.equal(readFileSync(outside, 'utf8'), 'x\n');
  });

  test('control: with bubblewrap and socat on PATH, auto and required confine', {
    skip: !machineHasThem,
  }, () => {
    const warnings: UnconfinedWarning[] = [];
    const onUnconfined = (warning: UnconfinedWarning) => warnings.push(warning);
    assert.ok(commandConfinement({ mode: 'auto', onUnconfined }, 'the executor', '/repo'));
    assert.ok(commandConfinement({ mode: 'required' }, 'the executor', '/repo'));
    assert.equal(claudeSandboxState({ mode: 'auto', onUnconfined }, 'the executor'), 'confined');
    assert.equal(claudeSandboxState({ mode: 'required' }, 'the executor'), 'confined');
    assert.deepEqual(warnings, []);
  });

  test('baton claude with sandbox: required on a machine without them exits 3 before starting anything', (t) => {
    const layout = makeLayout(t);
    writeFileSync(path.join(layout.repository, '.baton', 'config.yaml'), 'sandbox: required\n');
    const marker = path.join(layout.home, 'claude-started');
    const fakeClaude = path.join(layout.home, 'fake-claude');
    writeFileSync(fakeClaude, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const result = runBaton(layout.repository, ['claude', '--claude', fakeClaude], {
      env: { HOME: layout.home, PATH: pathWithout(t, ['bwrap', 'socat']) },
    });
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /SANDBOX_UNAVAILABLE/);
    assert.match(result.stderr, /cannot be confined on this machine/);
    assert.equal(existsSync(marker), false, 'Claude Code was started unconfined');
  });

  test('baton doctor says what is missing, with a fix, and fails under required', (t) => {
    const layout = makeLayout(t);
    const env = { HOME: layout.home, PATH: pathWithout(t, ['bwrap', 'socat']) };
    const auto = runBaton(layout.repository, ['doctor', '--json'], { env });
    const report = JSON.parse(auto.stdout) as {
      ok: boolean;
      sandbox: string;
      checks: Array<Record<string, string>>;
    };
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    assert.equal(byName.bubblewrap?.status, 'warning');
    assert.match(byName.bubblewrap?.fix ?? '', /apt-get install -y bubblewrap/);
    assert.equal(byName.socat?.status, 'warning');
    assert.equal(byName.sandbox?.status, 'warning');
    assert.match(byName.sandbox?.detail ?? '', /sandbox: auto .* cannot confine/);
    assert.equal(byName.store?.status, 'ok');
    assert.equal(byName.node?.status, 'ok');
    assert.equal(byName.git?.status, 'ok');
    assert.equal(auto.status, 0, auto.stderr);

    writeFileSync(path.join(layout.repository, '.baton', 'config.yaml'), 'sandbox: required\n');
    const required = runBaton(layout.repository, ['doctor'], { env });
    assert.equal(required.status, 1);
    assert.match(
      required.stdout,
      /FAIL {2}sandbox +sandbox: required \(\.baton\/config\.yaml\) cannot confine/,
    );
    assert.match(required.stdout, /fix: apt-get install -y bubblewrap socat/);
  });

  test('the setting: auto by default, the three values, nothing else', () => {
    assert.equal(validateConfig({}, 'test').sandbox, 'auto');
    for (const mode of ['auto', 'required', 'off'] as const)
      assert.equal(validateConfig({ sandbox: mode }, 'test').sandbox, mode);
    assert.throws(() => validateConfig({ sandbox: 'maybe' }, 'test'), /sandbox/);
  });
});
