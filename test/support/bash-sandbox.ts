// A throwaway git repository in which real bash runs commands, with a private HOME and TMPDIR and
// a fake `baton` on PATH that records every call, and a fingerprint of all three (files and
// .git: refs, config, index, objects) to tell whether a command changed anything. The shell
// check's tests run what the check allows here and assert that nothing changed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { git, makeTemporaryDirectory } from './repository.ts';

export interface BashRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface BashSandbox {
  repository: string;
  home: string;
  tmp: string;
  /** Runs `command` with `bash -c` in the repository. */
  run(command: string): BashRun;
  /** What differs from the state the sandbox started in: paths added, removed or changed. */
  changes(): string[];
  /** The state of the repository, HOME and TMPDIR: a line per path. */
  fingerprint(): Map<string, string>;
  /** The fake baton's calls, each as its arguments. */
  batonCalls(): string[][];
}

/** Files whose names look like options: a glob in the repository root expands to them. */
export const optionLikeFiles = ['-delete', '-i', '--in-place', '-oPWN', '--output=PWN', '-exec', '-v'];

const old = new Date('2020-01-01T00:00:00Z');

function seedRepository(repository: string): void {
  mkdirSync(repository, { recursive: true });
  git(repository, 'init', '--quiet', '--initial-branch=main');
  git(repository, 'config', 'user.email', 'test@example.com');
  git(repository, 'config', 'user.name', 'baton test');
  git(repository, 'config', 'commit.gpgsign', 'false');
  // A copy keeps mtimes but not inodes or ctimes: git compares only what a copy keeps.
  git(repository, 'config', 'core.checkStat', 'minimal');
  git(repository, 'config', 'core.trustctime', 'false');
  const files: Record<string, string> = {
    'README.md': '# demo\nTODO: write more\n',
    'package.json': '{ "name": "demo", "version": "1.0.0" }\n',
    'src/a.ts': 'export const a = 1; // TODO\n',
    'src/b.ts': 'export const b = 2;\n',
    'docs/notes.md': 'notes\n',
    ...Object.fromEntries(optionLikeFiles.map((name) => [name, 'a file named like an option\n'])),
  };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(repository, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    utimesSync(file, old, old);
  }
  git(repository, 'add', '-A', '--', '.');
  git(repository, 'commit', '--quiet', '-m', 'initial');
  git(repository, 'tag', 'v1');
  git(repository, 'branch', 'feature');
  git(repository, 'update-index', '--refresh');
}

function fingerprint(root: string, into: Map<string, string>): void {
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const full = path.join(folder, entry);
      const stat = lstatSync(full);
      const key = path.relative(path.dirname(root), full);
      if (stat.isDirectory()) {
        into.set(key, `dir ${stat.mode}`);
        walk(full);
      } else if (stat.isSymbolicLink()) into.set(key, `link ${readlinkSync(full)}`);
      else {
        const hash = createHash('sha1').update(readFileSync(full)).digest('hex');
        into.set(key, `file ${stat.mode} ${stat.mtimeMs} ${hash}`);
      }
    }
  };
  into.set(path.basename(root), `dir ${lstatSync(root).mode}`);
  walk(root);
}

/** Lays out a sandbox's folders under `root`: the repository, home, tmp and the fake baton. */
function seedSandbox(root: string): void {
  seedRepository(path.join(root, 'repository'));
  for (const folder of ['home', 'tmp', 'bin']) mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, 'home', '.profile'), '# private home\n');
  // One line a call in $BATON_FAKE_CALLS: "call", then each argument after a US.
  writeFileSync(
    path.join(root, 'bin', 'baton'),
    `#!/bin/sh\n{ printf call; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\n'; } >> "$BATON_FAKE_CALLS"\n`,
  );
  chmodSync(path.join(root, 'bin', 'baton'), 0o755);
}

function openSandbox(root: string, initialState?: Map<string, string>): BashSandbox {
  const repository = path.join(root, 'repository');
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  const calls = path.join(root, 'baton-calls');
  const state = () => {
    const map = new Map<string, string>();
    for (const folder of [repository, home, tmp]) fingerprint(folder, map);
    return map;
  };
  const initial = initialState ?? state();
  const env = {
    PATH: `${path.join(root, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    BATON_FAKE_CALLS: calls,
  };
  return {
    repository,
    home,
    tmp,
    run(command) {
      const result = spawnSync('bash', ['-c', command], {
        cwd: repository,
        env,
        input: '',
        encoding: 'utf8',
        timeout: 10_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
    },
    fingerprint: state,
    changes() {
      const now = state();
      const changed: string[] = [];
      for (const [key, value] of now) {
        const before = initial.get(key);
        if (before === undefined) changed.push(`added ${key}`);
        else if (before !== value) changed.push(`changed ${key}`);
      }
      for (const key of initial.keys()) if (!now.has(key)) changed.push(`removed ${key}`);
      return changed;
    },
    batonCalls() {
      if (!existsSync(calls)) return [];
      return readFileSync(calls, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => line.split('\u001f').slice(1));
    },
  };
}

/**
 * A maker of sandboxes: the repository is made once, and every call returns a fresh copy of it
 * (copied with its times, which is all git compares here), removed when `t` ends.
 */
export function bashSandboxes(t: TestContext): () => BashSandbox {
  const template = path.join(makeTemporaryDirectory(t, 'baton-bash-'), 'sandbox');
  seedSandbox(template);
  // A copy keeps names, modes, times and contents: its fingerprint is the template's.
  const initial = openSandbox(template).fingerprint();
  return () => {
    const root = path.join(makeTemporaryDirectory(t, 'baton-bash-'), 'sandbox');
    execFileSync('cp', ['-a', template, root]);
    return openSandbox(root, initial);
  };
}
