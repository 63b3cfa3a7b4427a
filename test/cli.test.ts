// The command line as a whole: help, version, unknown commands, error format.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { commandModules } from '../src/cli.ts';
import { batonBin, childEnvironment, runBaton } from './support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from './support/repository.ts';

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
  // Where a newcomer starts, said once under the list (not under each command's own help).
  assert.match(result.stdout, /New to baton\? baton demo runs a plan end to end/);
  assert.doesNotMatch(runBaton(makeTemporaryDirectory(t), ['status', '--help']).stdout, /New to baton/);
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
  // A stack frame, from the sources (.ts) or the bundle (.js) alike.
  const stackFrame = /^ +at requireRepositoryRoot \(.+:\d+:\d+\)$/m;
  assert.doesNotMatch(text.stderr, /^ +at /m);
  const json = runBaton(directory, ['plans', '--json']);
  assert.equal(json.status, 3);
  const parsed = JSON.parse(json.stdout);
  assert.equal(parsed.ok, false);
  assert.equal(parsed.error.code, 'NOT_A_GIT_REPO');
  const debug = runBaton(directory, ['plans', '--debug']);
  assert.match(debug.stderr, stackFrame);
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

test('usage errors under --json are one JSON error with code USAGE, and nothing on stderr', (t) => {
  const directory = makeTemporaryDirectory(t);
  for (const args of [
    ['frobnicate', '--json'],
    ['approve', '--json'],
    ['revise', 'x', '--json'],
    ['plans', '--bogus', '--json'],
  ]) {
    const result = runBaton(directory, args);
    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stderr, '', args.join(' '));
    const parsed = JSON.parse(result.stdout);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.error.code, 'USAGE');
    assert.doesNotMatch(parsed.error.message, /^error:/);
  }
});

test('output into a closed pipe ends quietly', (t) => {
  // A plan big enough that `show` writes far more than a pipe holds after the reader is gone.
  const repository = makeRepository(t);
  assert.equal(runBaton(repository, ['init']).status, 0);
  const tasks = Array.from({ length: 1500 }, (_, index) => {
    const id = index + 1;
    return `### T${id}: Step ${id}\n- **Action**: create\n- **Files**: \`src/file-${id}.ts\`\n- **Description**: Step ${id}.\n- **Success Criteria**:\n  - done\n- **Verify**:\n  - \`true\`\n- **Dependencies**: none\n`;
  }).join('\n');
  writeFileSync(
    path.join(repository, '.baton/plans/review/big.md'),
    `---\nid: big\ntitle: Big\nrisk: low\n---\n\n# Plan: Big\n\n## Summary\n\nBig.\n\n## Tasks\n\n${tasks}\n## Verification\n\n- [ ] \`true\`\n`,
  );
  const result = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${batonBin}" show big | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
    {
      cwd: repository,
      encoding: 'utf8',
      env: childEnvironment(),
    },
  );
  assert.doesNotMatch(result.stderr, /EPIPE|Error/);
  assert.equal(result.stdout.trim(), '0');
});
