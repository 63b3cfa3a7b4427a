// Claims hold for Bash under the sandbox: a `baton claude` session of instance A starts with the
// files another instance holds exclusively (a path, and the files a glob matches) read-only to
// its Bash, while the rest of its folder stays writable (the control); the holder's own session
// is not restricted by its own claims.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { claudeSandboxAvailability } from '../../src/workspace/sandbox/availability.ts';
import { claudeBin, claudeEnvironment, claudeUnavailable } from '../support/claude-code.ts';
import { runBaton, startBaton } from '../support/cli.ts';
import { type ScriptedTurn, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { git } from '../support/repository.ts';
import { breaches, type Layout, makeLayout } from './sandbox-fixture.ts';

function claimAsB(layout: Layout): void {
  mkdirSync(path.join(layout.repository, 'src', 'lib'), { recursive: true });
  writeFileSync(path.join(layout.repository, 'src', 'lib', 'a.js'), 'exports.a = 1;\n');
  git(layout.repository, 'add', '.');
  git(layout.repository, 'commit', '--quiet', '-m', 'lib');
  const claimed = runBaton(
    layout.repository,
    ['claim', 'src/app.js', 'src/lib/**', '--reason', 'B works here'],
    {
      env: { HOME: layout.home, BATON_INSTANCE: 'B' },
    },
  );
  assert.equal(claimed.status, 0, claimed.stderr);
}

function deniedFor(layout: Layout, instance: string): string[] {
  const started = runBaton(layout.repository, ['claude', '--instance', instance, '--dry-run'], {
    env: { HOME: layout.home },
  });
  assert.equal(started.status, 0, started.stderr);
  const { args } = JSON.parse(started.stdout) as { args: string[] };
  return JSON.parse(args[args.indexOf('--settings') + 1]!).sandbox.filesystem.denyWrite;
}

describe("files other instances hold are read-only to a session's Bash", () => {
  test("A's session denies B's files, a path and a glob's files; B's own session does not", (t) => {
    const layout = makeLayout(t);
    claimAsB(layout);
    const forA = deniedFor(layout, 'A');
    assert.ok(forA.includes(path.join(layout.repository, 'src', 'app.js')));
    assert.ok(forA.includes(path.join(layout.repository, 'src', 'lib', 'a.js')));
    assert.ok(!forA.includes(path.join(layout.repository, 'src')));
    const forB = deniedFor(layout, 'B');
    assert.ok(!forB.includes(path.join(layout.repository, 'src', 'app.js')));
    assert.ok(!forB.includes(path.join(layout.repository, 'src', 'lib', 'a.js')));
  });

  const skip =
    claudeUnavailable ??
    (claudeSandboxAvailability().available ? undefined : "Claude Code's sandbox is not available here");
  test("a real session of A: Bash writes to B's files fail, a write beside them succeeds", {
    skip,
  }, async (t) => {
    const layout = makeLayout(t);
    claimAsB(layout);
    const app = path.join(layout.repository, 'src', 'app.js');
    const lib = path.join(layout.repository, 'src', 'lib', 'a.js');
    const before = { app: readFileSync(app, 'utf8'), lib: readFileSync(lib, 'utf8') };
    const attempts = [
      { name: 'append to a claimed file', command: 'echo x >> src/app.js' },
      { name: 'sed -i on a claimed file', command: "sed -i 's/hello/taken/' src/app.js" },
      {
        name: 'python3 on a file a claimed glob matches',
        command: `python3 -c "open('src/lib/a.js','w').write('x')"`,
      },
    ].map((attempt) => ({
      ...attempt,
      breach: () =>
        readFileSync(app, 'utf8') !== before.app || readFileSync(lib, 'utf8') !== before.lib
          ? 'changed'
          : undefined,
    }));
    const bash = (command: string): ScriptedTurn => ({
      content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'try' } }],
    });
    const server = await startFakeAnthropic({
      turns: [
        ...attempts.map((attempt) => bash(attempt.command)),
        bash('echo mine > src/other.js'),
        { content: [{ type: 'text', text: 'Done.' }] },
      ],
    });
    t.after(() => server.close());
    const result = await startBaton(
      layout.repository,
      [
        'claude',
        '--instance',
        'A',
        '--claude',
        claudeBin,
        '--',
        '-p',
        'Work.',
        '--output-format',
        'json',
        '--allowedTools',
        'Bash',
      ],
      { env: claudeEnvironment(layout.home, server.url) },
    );
    assert.equal(result.status, 0, `${result.stderr}\n${result.stdout.slice(-2000)}`);
    assert.equal(server.remainingTurns(), 0);
    assert.deepEqual(breaches(attempts), []);
    assert.equal(readFileSync(path.join(layout.repository, 'src', 'other.js'), 'utf8'), 'mine\n');
  });
});
