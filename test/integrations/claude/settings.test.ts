import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { claudeHookSettings } from '../../../src/agents/backends/claude-settings.ts';
import { isBatonHookCommand } from '../../../src/claude-code/hook-command.ts';
import { settingsFile } from '../../../src/claude-code/settings-files.ts';
import { installGitHook, uninstallGitHook } from '../../../src/integrations/claude/git-hook.ts';
import {
  addBatonHooks,
  installClaudeHooks,
  removeBatonHooks,
  uninstallClaudeHooks,
} from '../../../src/integrations/claude/settings.ts';
import { runBaton } from '../../support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

const prefix = 'node /opt/baton/bin/baton.js';

const existing = {
  model: 'claude-sonnet',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    PreToolUse: [
      {
        matcher: 'Edit|Write|MultiEdit|NotebookEdit|Bash',
        hooks: [{ type: 'command', command: 'prettier-check' }],
      },
      { matcher: 'Bash', hooks: [{ type: 'command', command: 'audit-bash', timeout: 5 }] },
    ],
    Notification: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
  },
};

describe('Claude Code settings', () => {
  test('recognises baton commands only', () => {
    assert.ok(isBatonHookCommand('baton hook pre-tool-use'));
    assert.ok(isBatonHookCommand('/usr/bin/node /home/me/baton/bin/baton.js hook stop'));
    assert.ok(isBatonHookCommand("'/opt/node 24/bin/node' '/a b/bin/baton.js' hook session-start"));
    assert.ok(!isBatonHookCommand('prettier-check'));
    assert.ok(!isBatonHookCommand('baton-like hook x y'));
    assert.ok(!isBatonHookCommand('echo baton hook stop; rm -rf /'));
  });

  test('install keeps every other setting and hook, and uninstall restores them exactly', () => {
    const installed = addBatonHooks(structuredClone(existing), 'settings.json', prefix);
    assert.equal(installed.model, 'claude-sonnet');
    assert.deepEqual(installed.permissions, existing.permissions);
    const hooks = installed.hooks as Record<
      string,
      Array<{ matcher?: string; hooks: Array<{ command: string }> }>
    >;
    assert.deepEqual(hooks.Notification, existing.hooks.Notification);
    // The other hook on the very same matcher is still there, untouched, in its own group.
    assert.deepEqual(hooks.PreToolUse!.slice(0, 2), existing.hooks.PreToolUse);
    assert.equal(hooks.PreToolUse![2]!.hooks[0]!.command, `${prefix} hook pre-tool-use`);
    assert.equal(hooks.Stop![0]!.hooks[0]!.command, `${prefix} hook stop`);
    assert.equal(hooks.SessionStart![0]!.matcher, undefined);
    assert.equal(hooks.PostToolUseFailure![0]!.matcher, 'Bash');

    assert.deepEqual(removeBatonHooks(installed, 'settings.json'), existing);
  });

  test('install twice gives a byte-identical file, and a new command prefix replaces the old one', (t) => {
    const directory = makeTemporaryDirectory(t);
    const file = path.join(directory, '.claude', 'settings.json');
    mkdirSync(path.dirname(file));
    writeFileSync(file, JSON.stringify(existing));
    assert.equal(installClaudeHooks(file, prefix).changed, true);
    const once = readFileSync(file);
    const modified = statSync(file).mtimeMs;
    assert.equal(installClaudeHooks(file, prefix).changed, false);
    assert.deepEqual(readFileSync(file), once);
    assert.equal(statSync(file).mtimeMs, modified);

    assert.equal(installClaudeHooks(file, 'baton').changed, true);
    const text = readFileSync(file, 'utf8');
    assert.equal(text.match(/hook pre-tool-use/g)?.length, 1);
    assert.match(text, /"command": "baton hook pre-tool-use"/);

    assert.equal(uninstallClaudeHooks(file).changed, true);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), existing);
    assert.equal(uninstallClaudeHooks(file).changed, false);
  });

  test('uninstall removes the containers its removal emptied', (t) => {
    const directory = makeTemporaryDirectory(t);
    const file = path.join(directory, 'settings.json');
    writeFileSync(file, '{\n  "theme": "dark"\n}\n');
    installClaudeHooks(file, prefix);
    uninstallClaudeHooks(file);
    assert.equal(readFileSync(file, 'utf8'), '{\n  "theme": "dark"\n}\n');
  });

  test('a settings file that is not valid JSON is refused, not overwritten', (t) => {
    const directory = makeTemporaryDirectory(t);
    const file = path.join(directory, 'settings.json');
    writeFileSync(file, '{ "hooks": ');
    assert.throws(() => installClaudeHooks(file, prefix), { code: 'CONFIG_INVALID' });
    assert.equal(readFileSync(file, 'utf8'), '{ "hooks": ');
  });

  test('scopes name the three settings files', () => {
    assert.equal(settingsFile('project', '/repo', '/home/me'), '/repo/.claude/settings.json');
    assert.equal(settingsFile('local', '/repo', '/home/me'), '/repo/.claude/settings.local.json');
    assert.equal(settingsFile('user', '/repo', '/home/me'), '/home/me/.claude/settings.json');
  });

  test("a session baton starts gets the installer's hooks but UserPromptSubmit", () => {
    const prefix = "'/usr/bin/node' '/opt/baton/bin/baton.js'";
    const installed = addBatonHooks({}, 'settings.json', prefix).hooks as Record<string, unknown>;
    const session = claudeHookSettings(prefix).hooks as Record<string, unknown>;
    assert.ok(installed.UserPromptSubmit, 'the installer puts in the attention hook');
    assert.equal(session.UserPromptSubmit, undefined);
    const { UserPromptSubmit: _attention, ...installedButAttention } = installed;
    // The same events in the same order, each with the same matcher, command and time-out.
    assert.deepEqual(Object.keys(session), Object.keys(installedButAttention));
    assert.deepEqual(session, installedButAttention);
  });

  test('`baton hooks install --json` and uninstall through the CLI, local scope', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const install = runBaton(repository, ['hooks', 'install', '--scope', 'local', '--json'], {
      env: { HOME: home },
    });
    assert.equal(install.status, 0, install.stderr);
    const result = JSON.parse(install.stdout) as { settings: { file: string; changed: boolean } };
    assert.equal(result.settings.file, path.join(repository, '.claude', 'settings.local.json'));
    assert.equal(result.settings.changed, true);
    const again = JSON.parse(
      runBaton(repository, ['hooks', 'install', '--scope', 'local', '--json'], { env: { HOME: home } })
        .stdout,
    );
    assert.equal(again.settings.changed, false);
    const uninstall = runBaton(repository, ['hooks', 'uninstall', '--scope', 'local'], {
      env: { HOME: home },
    });
    assert.equal(uninstall.status, 0, uninstall.stderr);
    assert.equal(readFileSync(result.settings.file, 'utf8'), '{}\n');
    const bad = runBaton(repository, ['hooks', 'install', '--scope', 'everywhere'], { env: { HOME: home } });
    assert.equal(bad.status, 2);
  });
});

describe('git post-commit hook', () => {
  test('is created, kept idempotent, and removed with its file when baton made it', (t) => {
    const repository = makeRepository(t);
    const first = installGitHook(repository, prefix);
    assert.equal(first.changed, true);
    assert.equal(first.file, path.join(repository, '.git', 'hooks', 'post-commit'));
    const text = readFileSync(first.file, 'utf8');
    assert.match(text, /^#!\/bin\/sh\n# >>> baton post-commit hook/);
    assert.match(text, /node \/opt\/baton\/bin\/baton\.js hook git-post-commit >\/dev\/null 2>&1 \|\| true/);
    assert.equal(statSync(first.file).mode & 0o111, 0o111);
    assert.equal(installGitHook(repository, prefix).changed, false);
    assert.equal(uninstallGitHook(repository).changed, true);
    assert.equal(existsSync(first.file), false);
  });

  test('an existing hook keeps its lines; baton runs before any exit in it', (t) => {
    const repository = makeRepository(t);
    const file = path.join(repository, '.git', 'hooks', 'post-commit');
    const original = '#!/bin/bash\necho "notify CI"\nexit 0\n';
    writeFileSync(file, original, { mode: 0o755 });
    installGitHook(repository, prefix);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('#!/bin/bash\n# >>> baton'));
    assert.ok(text.endsWith('# <<< baton post-commit hook <<<\necho "notify CI"\nexit 0\n'));
    uninstallGitHook(repository);
    assert.equal(readFileSync(file, 'utf8'), original);
  });

  test('a hook in another language is left alone', (t) => {
    const repository = makeRepository(t);
    const file = path.join(repository, '.git', 'hooks', 'post-commit');
    writeFileSync(file, '#!/usr/bin/env python3\nprint("hi")\n', { mode: 0o755 });
    assert.throws(() => installGitHook(repository, prefix), { code: 'USAGE' });
    assert.equal(readFileSync(file, 'utf8'), '#!/usr/bin/env python3\nprint("hi")\n');
  });
});
