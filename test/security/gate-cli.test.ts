// The human gate at the command line: a person's commands refuse to run for an agent — one
// marked by its environment (what every backend baton starts sets, what Claude Code and Codex set
// in their commands' environments) or by a process above it (an agent that emptied its
// environment, or made itself a terminal with `script`). Controls: a person at a terminal
// approves; an agent reads (`baton show`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { atTerminalArguments, batonBin, type CliResult, childEnvironment, runBaton } from '../support/cli.ts';
import { cleanPlanText } from '../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

let repository = '';

before(() => {
  repository = makeRepository(undefined);
  assert.equal(runBaton(repository, ['init']).status, 0);
  for (const id of ['waiting', 'other'])
    writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
});

const agentEnvironments: Record<string, Record<string, string>> = {
  'a baton-started agent (BATON_AGENT)': { BATON_AGENT: '1' },
  'an executor (BATON_ROLE)': { BATON_ROLE: 'executor', BATON_INSTANCE: 'run.p.T1' },
  "Claude Code's Bash (CLAUDECODE)": { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'session-1' },
  "Codex's sandbox (CODEX_SANDBOX)": { CODEX_SANDBOX: 'seccomp' },
};

const personCommands: string[][] = [
  ['approve', 'waiting', '--by', 'Ada'],
  ['approve', 'waiting', '--sign', '/nonexistent/key'],
  ['reject', 'waiting', '--reason', 'no'],
  ['revise', 'waiting', '--reason', 'change'],
  ['complete', 'waiting', '--force'],
  ['hooks', 'uninstall'],
  ['release', 'src/x.ts', '--force'],
  ['claim', 'src/x.ts', '--instance', 'B'],
];

function refused(result: CliResult, why: RegExp = /PERSON_ONLY/): void {
  assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, why);
}

describe("a person's commands refuse to run in an agent's environment", () => {
  for (const [name, env] of Object.entries(agentEnvironments)) {
    for (const args of personCommands) {
      test(`${args.slice(0, 2).join(' ')} ${args.includes('--sign') ? '--sign ' : ''}${args.includes('--force') ? '--force ' : ''}${args.includes('--instance') ? '--instance ' : ''}from ${name}`, () => {
        refused(runBaton(repository, args, { env, terminal: args[0] === 'approve' }));
      });
    }
  }
});

/** Runs `words` under a parent shell whose own environment is `parentEnv`; the child's is cleared of it. */
function underParent(parentEnv: Record<string, string>, script: string): CliResult {
  const result = spawnSync('sh', ['-c', script], {
    cwd: repository,
    env: childEnvironment(parentEnv),
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

describe('an agent that hides its environment is still found above', () => {
  const approve = [process.execPath, batonBin, 'approve', 'waiting', '--by', 'Ada'];
  test('env -u CLAUDECODE, under script (a terminal), below Claude Code’s shell', () => {
    const [command, ...args] = ['script', ...atTerminalArguments(approve)];
    const result = underParent(
      { CLAUDECODE: '1' },
      `env -u CLAUDECODE -u AI_AGENT ${[command!, ...args].map(quote).join(' ')}; echo "exit $?" >&2`,
    );
    assert.match(result.stdout + result.stderr, /PERSON_ONLY|runs under an agent/);
  });

  test('env -i, below an agent baton started', () => {
    const result = underParent(
      { BATON_AGENT: '1' },
      `env -i PATH="$PATH" HOME="$HOME" ${approve.map(quote).join(' ')}`,
    );
    refused(result, /runs under an agent \(process \d+ runs with BATON_AGENT=1\)/);
  });

  test('a program named claude above, with a clean environment', () => {
    const folder = makeTemporaryDirectory(undefined, 'baton-claude-');
    symlinkSync('/bin/sh', path.join(folder, 'claude'));
    const result = spawnSync(path.join(folder, 'claude'), ['-c', approve.map(quote).join(' ')], {
      cwd: repository,
      env: childEnvironment(),
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /runs under an agent \(process \d+ is claude\)/);
  });

  test('reject, below an executor, with BATON_ROLE unset', () => {
    const result = underParent(
      { BATON_ROLE: 'executor' },
      `env -u BATON_ROLE ${[process.execPath, batonBin, 'reject', 'other', '--reason', 'x'].map(quote).join(' ')}`,
    );
    refused(result, /runs under an agent/);
  });
});

describe('a terminal approval needs a terminal', () => {
  test('refused: approve with stdout to a pipe (no TTY)', () => {
    refused(runBaton(repository, ['approve', 'waiting', '--by', 'Ada']), /needs a person at a terminal/);
  });

  test('refused: approve with stdin from a file', () => {
    refused(
      runBaton(repository, ['approve', 'waiting', '--by', 'Ada'], { input: 'yes\n' }),
      /needs a person at a terminal/,
    );
  });
});

describe('controls', () => {
  test('an agent may read: baton show and baton plans', () => {
    for (const env of Object.values(agentEnvironments)) {
      const shown = runBaton(repository, ['show', 'waiting'], { env });
      assert.equal(shown.status, 0, shown.stderr);
      assert.equal(runBaton(repository, ['plans'], { env }).status, 0);
    }
  });

  test('a person at a terminal approves, and the approval records the terminal channel', () => {
    const id = 'at-terminal';
    writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
    const approved = runBaton(repository, ['approve', id, '--by', 'Ada', '--json'], { terminal: true });
    assert.equal(approved.status, 0, approved.stderr);
    assert.equal(JSON.parse(approved.stdout).approval.channel, 'terminal');
  });

  test('a person signs an approval with an SSH key, without a terminal', () => {
    const id = 'signed';
    writeFileSync(path.join(repository, '.baton/plans/review', `${id}.md`), cleanPlanText(id));
    const folder = makeTemporaryDirectory(undefined, 'baton-key-');
    const key = path.join(folder, 'key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const approved = runBaton(repository, ['approve', id, '--by', 'Ada', '--sign', key, '--json']);
    assert.equal(approved.status, 0, approved.stderr);
    assert.equal(JSON.parse(approved.stdout).approval.channel, 'signature');
  });

  test("a person releases another instance's claim with --force, recorded as theirs", () => {
    mkdirSync(path.join(repository, 'src'), { recursive: true });
    writeFileSync(path.join(repository, 'src', 'held.ts'), 'x\n');
    assert.equal(runBaton(repository, ['claim', 'src/held.ts'], { env: { BATON_INSTANCE: 'B' } }).status, 0);
    const plain = runBaton(repository, ['release', 'src/held.ts'], { env: { BATON_INSTANCE: 'A' } });
    assert.match(plain.stdout, /not held by instance A: src\/held\.ts/);
    const forced = runBaton(repository, ['release', 'src/held.ts', '--force', '--json'], {
      env: { BATON_INSTANCE: 'A' },
    });
    assert.equal(forced.status, 0, forced.stderr);
    const output = JSON.parse(forced.stdout);
    assert.equal(output.instance, 'A');
    assert.deepEqual(
      output.released.map((claim: { instance: string }) => claim.instance),
      ['B'],
    );
    const events = runBaton(repository, ['events', '--kind', 'claim-released', '--json']);
    assert.equal(events.status, 0, events.stderr);
    const released = JSON.parse(events.stdout).events.filter(
      (event: { data?: { forced?: boolean } }) => event.data?.forced,
    );
    assert.equal(released.length, 1, events.stdout);
    assert.equal(released[0].instance, 'A', 'the forced release is recorded as the person’s, not B’s');
    assert.deepEqual(released[0].data.heldBy, [{ instance: 'B', pattern: 'src/held.ts' }]);
  });
});
