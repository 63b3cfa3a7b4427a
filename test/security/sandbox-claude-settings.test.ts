// What each role's Bash may write, as Claude Code's sandbox settings say it, and who may choose
// a role for `baton claude`: the rules behind the real-CLI tests, checked one by one.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { claudeDenyWrite, claudeSandboxSettings } from '../../src/agents/backends/claude-settings.ts';
import { runBaton } from '../support/cli.ts';
import { makeLayout } from './sandbox-fixture.ts';

test('the executor in a worktree: the main checkout and every protected path denied, its worktree not', (t) => {
  const layout = makeLayout(t);
  const denied = claudeDenyWrite({
    role: 'executor',
    cwd: layout.worktree,
    repositoryRoot: layout.repository,
    storeUrl: layout.store,
  });
  for (const place of [
    layout.repository,
    path.join(layout.repository, '.git'),
    path.join(layout.repository, '.baton'),
    layout.store,
    `${layout.store}-wal`,
    path.join(layout.worktree, '.git'),
    path.join(layout.worktree, '.claude'),
    path.join(layout.worktree, '.baton'),
    path.join(layout.worktree, '.mcp.json'),
  ])
    assert.ok(denied.includes(place), `${place} is not denied`);
  assert.ok(!denied.includes(layout.worktree), 'the worktree itself is denied');
});

test('the executor in a worktree inside the repository: everything but the way down to it', (t) => {
  const layout = makeLayout(t);
  const inside = path.join(layout.repository, 'trees', 'T1');
  mkdirSync(inside, { recursive: true });
  const denied = claudeDenyWrite({ role: 'executor', cwd: inside, repositoryRoot: layout.repository });
  assert.ok(!denied.includes(layout.repository));
  assert.ok(!denied.includes(path.join(layout.repository, 'trees')));
  assert.ok(!denied.includes(inside));
  for (const place of ['src', 'README.md', '.git', '.baton'])
    assert.ok(denied.includes(path.join(layout.repository, place)), `${place} is not denied`);
});

test('the planner and the reviewer: the whole repository and their folder denied', (t) => {
  const layout = makeLayout(t);
  for (const role of ['planner', 'reviewer'] as const) {
    const denied = claudeDenyWrite({ role, cwd: layout.worktree, repositoryRoot: layout.repository });
    assert.ok(denied.includes(layout.repository), `${role}: the repository is writable`);
    assert.ok(denied.includes(layout.worktree), `${role}: its folder is writable`);
  }
});

test('no unsandboxed retry, Bash auto-allowed only because it is sandboxed, fail when unavailable', () => {
  const settings = claudeSandboxSettings({
    role: 'planner',
    cwd: '/r',
    repositoryRoot: '/r',
    confined: true,
  });
  assert.deepEqual(
    { ...(settings.sandbox as Record<string, unknown>), filesystem: undefined },
    {
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      autoAllowBashIfSandboxed: true,
      filesystem: undefined,
    },
  );
});

test('baton claude: an agent may not choose a role or an instance; a person may (control)', (t) => {
  const layout = makeLayout(t);
  for (const args of [
    ['--role', 'executor'],
    ['--instance', 'someone-else'],
  ]) {
    const agent = runBaton(layout.repository, ['claude', ...args, '--dry-run'], {
      env: { HOME: layout.home, BATON_AGENT: 'claude-code' },
    });
    assert.equal(agent.status, 1, agent.stderr);
    assert.match(agent.stderr, /PERSON_ONLY/);
  }
  const person = runBaton(
    layout.repository,
    ['claude', '--role', 'executor', '--instance', 'A', '--dry-run'],
    {
      env: { HOME: layout.home },
    },
  );
  assert.equal(person.status, 0, person.stderr);
  const started = JSON.parse(person.stdout) as { args: string[]; env: Record<string, string> };
  assert.deepEqual(started.env, { BATON_AGENT: 'claude-code', BATON_ROLE: 'executor', BATON_INSTANCE: 'A' });
  const settings = JSON.parse(started.args[started.args.indexOf('--settings') + 1]!);
  assert.equal(settings.sandbox.enabled, true);
  assert.ok(settings.sandbox.filesystem.denyWrite.includes(path.join(layout.repository, '.git')));
});
