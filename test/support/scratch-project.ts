// The acceptance tests' scratch: a small real project (a CommonJS module and its node:test
// tests) in a git repository of its own, `baton init` done, task worktrees in a temporary folder
// and a HOME of its own — so each acceptance test file runs alone or next to the others without
// sharing anything but the machine. Every baton command runs as a child process (never
// spawnSync: the fake model servers live in the test's own process and must keep answering).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { type CliResult, startBaton } from './cli.ts';
import { git, makeRepository, makeTemporaryDirectory } from './repository.ts';

export interface Scratch {
  repository: string;
  home: string;
  /** Where `baton run` makes its worktrees: `<worktrees>/<plan>/<task>`. */
  worktrees: string;
  /** Variables every process of this scratch gets: its HOME and caches, nothing of the developer's. */
  env: Record<string, string | undefined>;
  /** Runs baton in the repository with the scratch's environment plus `env`. */
  baton(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  /** Like `baton`, failing the test with its output unless it exits 0. */
  batonOk(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  git(...args: string[]): string;
  /** The absolute path of a repository file. */
  file(relative: string): string;
  read(relative: string): string;
}

export interface ScratchOptions {
  /** `baton hooks install` (project scope), as a user of interactive sessions does. */
  hooks?: boolean;
  /** YAML appended to .baton/config.yaml. */
  config?: string;
}

const projectFiles: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'scratch-text', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/text.js': 'exports.words = (text) => text.split(/\\s+/).filter(Boolean);\n',
  'test/text.test.js': [
    "const assert = require('node:assert/strict');",
    "const { test } = require('node:test');",
    "const { words } = require('../src/text.js');",
    '',
    "test('words splits on white space', () => {",
    "  assert.deepEqual(words(' a  b '), ['a', 'b']);",
    '});',
    '',
  ].join('\n'),
};

export async function makeScratch(t: TestContext, options: ScratchOptions = {}): Promise<Scratch> {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const worktrees = path.join(makeTemporaryDirectory(t, 'baton-worktrees-'), 'worktrees');
  const env = {
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  for (const [file, content] of Object.entries(projectFiles)) {
    mkdirSync(path.dirname(path.join(repository, file)), { recursive: true });
    writeFileSync(path.join(repository, file), content);
  }
  git(repository, 'add', '-A');
  git(repository, 'commit', '--quiet', '-m', 'A small text module and its tests');

  // `approve` as a person runs it: at a terminal (a pseudo-terminal), as the command requires.
  const baton = (args: string[], extra: Record<string, string | undefined> = {}) =>
    startBaton(repository, args, { env: { ...env, ...extra }, terminal: args[0] === 'approve' });
  const batonOk = async (args: string[], extra: Record<string, string | undefined> = {}) => {
    const result = await baton(args, extra);
    assert.equal(result.status, 0, `baton ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  await batonOk(['init']);
  // The run's worktrees out of the way, and a heartbeat short enough for a test.
  writeFileSync(
    path.join(repository, '.baton', 'config.yaml'),
    `run:\n  worktrees_dir: ${JSON.stringify(worktrees)}\n  heartbeat: 1s\n${options.config ?? ''}`,
  );
  if (options.hooks) await batonOk(['hooks', 'install', '--scope', 'project']);
  return {
    repository,
    home,
    worktrees,
    env,
    baton,
    batonOk,
    git: (...args) => git(repository, ...args),
    file: (relative) => path.join(repository, relative),
    read: (relative) => readFileSync(path.join(repository, relative), 'utf8'),
  };
}
