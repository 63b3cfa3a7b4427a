// The command line as a whole: help, version, unknown commands, error format.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { commandModules } from '../src/cli.ts';
import { runBaton } from './support/cli.ts';
import { makeTemporaryDirectory } from './support/repository.ts';

test('--help lists the commands with a description each', (t) => {
  const result = runBaton(makeTemporaryDirectory(t), ['--help']);
  assert.equal(result.status, 0);
  for (const command of [
    'init',
    'new',
    'lint',
    'plans',
    'show',
    'approve',
    'revise',
    'reject',
    'complete',
    'import',
  ]) {
    assert.match(result.stdout, new RegExp(`^  ${command}\\b.* {2,}\\S`, 'm'), command);
  }
});

test('each command has --help of its own', (t) => {
  const result = runBaton(makeTemporaryDirectory(t), ['approve', '--help']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /Usage: baton approve \[options\] <id>/);
  assert.match(result.stdout, /--by <name>/);
});

test('an unknown command or option is a usage error, exit 2', (t) => {
  const directory = makeTemporaryDirectory(t);
  const unknown = runBaton(directory, ['nonsense']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'nonsense'/);
  const badOption = runBaton(directory, ['plans', '--frobnicate']);
  assert.equal(badOption.status, 2);
  assert.match(badOption.stderr, /unknown option '--frobnicate'/);
});

test('--version prints the version', (t) => {
  const result = runBaton(makeTemporaryDirectory(t), ['--version']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+/);
});

test('errors are one line with code and a hint, and JSON under --json; no stack trace without --debug', (t) => {
  const directory = makeTemporaryDirectory(t);
  const text = runBaton(directory, ['plans']);
  assert.equal(text.status, 3);
  assert.match(text.stderr, /^baton: error NOT_A_GIT_REPO: not inside a git repository: .+\n {2}hint: /);
  assert.doesNotMatch(text.stderr, /at .*\.ts:\d+/);
  const json = runBaton(directory, ['plans', '--json']);
  assert.equal(json.status, 3);
  const parsed = JSON.parse(json.stdout);
  assert.equal(parsed.ok, false);
  assert.equal(parsed.error.code, 'NOT_A_GIT_REPO');
  const debug = runBaton(directory, ['plans', '--debug']);
  assert.match(debug.stderr, /at .*repository\.ts:\d+/);
});

test('each command module registers exactly the commands cli.ts lists for it', async () => {
  // cli.ts loads only the module of the command being run, found by these names.
  const seen = new Set<string>();
  for (const entry of commandModules) {
    const program = new Command('baton');
    (await entry.load()).register(program);
    const registered = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
    assert.deepEqual([...registered].sort(), [...entry.commands].sort());
    for (const name of registered) {
      assert.ok(!seen.has(name), `${name} is registered twice`);
      seen.add(name);
    }
  }
});
