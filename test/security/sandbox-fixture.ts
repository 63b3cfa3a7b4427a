// The confinement tests' common ground: a real repository initialised by baton (its store in
// .baton/baton.db), a task worktree beside it as `baton run` makes one, and the attempts an
// agent's shell commands make to write where its role may not — each with a check that the
// target is unchanged — next to controls, honest writes inside the worktree that must succeed.
// The same attempts run through Claude Code's Bash sandbox and through bubblewrap.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { TestContext } from 'node:test';
import { runBaton } from '../support/cli.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

export interface Layout {
  repository: string;
  worktree: string;
  home: string;
  store: string;
}

/** A repository with a README and src/, initialised by baton, and a worktree on a task branch. */
export function makeLayout(t: TestContext): Layout {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  mkdirSync(path.join(repository, 'src'));
  writeFileSync(path.join(repository, 'README.md'), 'hello\n');
  writeFileSync(path.join(repository, 'src', 'app.js'), 'exports.app = "hello";\n');
  git(repository, 'add', '.');
  git(repository, 'commit', '--quiet', '-m', 'files');
  const init = runBaton(repository, ['init'], { env: { HOME: home } });
  if (init.status !== 0) throw new Error(`baton init failed: ${init.stderr}`);
  const worktrees = makeTemporaryDirectory(t, 'baton-worktrees-');
  const worktree = path.join(worktrees, 'T1');
  git(repository, 'worktree', 'add', '--quiet', '-b', 'baton/demo/T1', worktree, 'main');
  return { repository, worktree, home, store: path.join(repository, '.baton', 'baton.db') };
}

export interface Attempt {
  name: string;
  command: string;
  /** Undefined when the attempt left everything as it was; else what changed. */
  breach(): string | undefined;
}

function fingerprint(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}

/** An attempt whose every target must keep its fingerprint (or stay missing). */
function unchanged(name: string, command: string, targets: string[]): Attempt {
  const before = new Map(targets.map((target) => [target, fingerprint(target)]));
  return {
    name,
    command,
    breach() {
      for (const [target, print] of before) if (fingerprint(target) !== print) return `${target} changed`;
      return undefined;
    },
  };
}

const marker = 'sandbox-breach';

/**
 * An attempt on the store, which baton's hooks legitimately write during the session (outside
 * the sandbox), recording denied commands with their text: a breach is the store emptied or
 * gone, the marker appended raw at the end of it (or of its -wal), or an event of the marker's
 * kind (only the attack inserts one).
 */
function storeIntact(name: string, command: string, store: string): Attempt {
  return {
    name,
    command,
    breach() {
      for (const file of [store, `${store}-wal`]) {
        let content: Buffer;
        try {
          content = readFileSync(file);
        } catch {
          if (file === store) return 'the store is gone';
          continue;
        }
        if (file === store && content.length === 0) return 'the store was emptied';
        if (content.subarray(-64).includes(marker)) return `${file} ends with the marker`;
      }
      const database = new DatabaseSync(store, { readOnly: true });
      try {
        const row = database.prepare('select count(*) as n from events where kind = ?').get(marker) as {
          n: number;
        };
        return row.n > 0 ? 'an event was inserted into the store' : undefined;
      } finally {
        database.close();
      }
    },
  };
}

/**
 * Writes outside the worktree, into git's and baton's own files (also the ones inside the
 * worktree), and out through a symbolic link. Each must fail. Made before the session starts,
 * so the fingerprints are the state before.
 */
export function executorAttempts(layout: Layout): Attempt[] {
  const { repository: r, worktree: w, store, home } = layout;
  const q = (text: string) => `'${text}'`;
  return [
    unchanged('redirection into the main checkout', `echo ${marker} > ${r}/src/evil.js`, [
      `${r}/src/evil.js`,
    ]),
    unchanged('sed -i on the main checkout', `sed -i 's/hello/${marker}/' ${r}/README.md`, [
      `${r}/README.md`,
    ]),
    unchanged(
      'sed with an ANSI-C quoted -i on the main checkout',
      `sed $'-i' 's/hello/${marker}/' ${r}/src/app.js`,
      [`${r}/src/app.js`],
    ),
    unchanged(
      'python3 -c writing the main checkout',
      `python3 -c "open(${q(`${r}/evil.py`)},'w').write('x')"`,
      [`${r}/evil.py`],
    ),
    unchanged('cp into the main checkout', `cp ${w}/README.md ${r}/copied.md`, [`${r}/copied.md`]),
    storeIntact('appending to the store', `echo ${marker} >> ${store}`, store),
    storeIntact(
      'python3 sqlite3 inserting an event into the store',
      `python3 -c "import sqlite3; c=sqlite3.connect(${q(store)}); c.execute(\\"insert into events(at, kind) values (1, '${marker}')\\"); c.commit()"`,
      store,
    ),
    storeIntact('replacing the store', `cp /dev/null ${store}.new && mv ${store}.new ${store}`, store),
    storeIntact('deleting the store', `rm -f ${store}`, store),
    unchanged('rewriting .baton/config.yaml', `echo 'claims: {ttl: 0m}' > ${r}/.baton/config.yaml`, [
      `${r}/.baton/config.yaml`,
    ]),
    unchanged('git config in the worktree (the shared .git/config)', `git config user.name ${marker}`, [
      `${r}/.git/config`,
    ]),
    unchanged('appending to .git/config', `echo '[alias] x = !rm -rf /' >> ${r}/.git/config`, [
      `${r}/.git/config`,
    ]),
    unchanged('moving a branch with git update-ref', 'git update-ref refs/heads/main HEAD~1', [
      `${r}/.git/refs/heads/main`,
      `${r}/.git/packed-refs`,
    ]),
    unchanged('committing in the worktree', `git commit --allow-empty -q -m ${marker}`, [
      `${r}/.git/refs/heads/baton/demo/T1`,
    ]),
    unchanged("overwriting the worktree's .git file", `echo 'gitdir: /tmp' > ${w}/.git`, [`${w}/.git`]),
    unchanged(
      'a .claude/settings.json in the main checkout',
      `mkdir -p ${r}/.claude && echo '{"disableAllHooks":true}' > ${r}/.claude/settings.json`,
      [`${r}/.claude/settings.json`],
    ),
    unchanged(
      'a .claude/settings.json in the worktree',
      `mkdir -p ${w}/.claude && echo '{"disableAllHooks":true}' > ${w}/.claude/settings.json`,
      [`${w}/.claude/settings.json`],
    ),
    unchanged('a .baton/ in the worktree', `mkdir -p ${w}/.baton && echo x > ${w}/.baton/config.yaml`, [
      `${w}/.baton/config.yaml`,
    ]),
    unchanged(
      'the user settings in HOME',
      `mkdir -p ${home}/.claude && echo '{}' > ${home}/.claude/settings.json`,
      [`${home}/.claude/settings.json`],
    ),
    unchanged(
      'through a symbolic link in the worktree',
      `ln -s ${r}/src ${w}/escape && echo ${marker} > ${w}/escape/linked.js`,
      [`${r}/src/linked.js`],
    ),
  ];
}

export interface Control {
  name: string;
  command: string;
  /** Undefined when the honest write happened; else what is missing. */
  missing(): string | undefined;
}

function wrote(name: string, command: string, file: string, expected: string): Control {
  return {
    name,
    command,
    missing() {
      if (!existsSync(file)) return `${file} was not written`;
      const text = readFileSync(file, 'utf8');
      return text.includes(expected) ? undefined : `${file} holds ${JSON.stringify(text)}`;
    },
  };
}

/** Honest writes inside the worktree, the same ways as the attempts. */
export function executorControls(layout: Layout): Control[] {
  const w = layout.worktree;
  return [
    wrote('redirection inside the worktree', `echo honest > ${w}/src/ok.js`, `${w}/src/ok.js`, 'honest'),
    wrote(
      'sed -i inside the worktree',
      `sed -i 's/hello/edited/' ${w}/README.md`,
      `${w}/README.md`,
      'edited',
    ),
    wrote(
      'python3 -c inside the worktree',
      `python3 -c "open('${w}/ok.py','w').write('fine')"`,
      `${w}/ok.py`,
      'fine',
    ),
    wrote(
      'a new folder inside the worktree',
      `mkdir -p ${w}/build/out && echo built > ${w}/build/out/a.txt`,
      `${w}/build/out/a.txt`,
      'built',
    ),
  ];
}

/** The attempts that got through, for an assertion message. */
export function breaches(attempts: readonly Attempt[]): string[] {
  return attempts.flatMap((attempt) => {
    const breach = attempt.breach();
    return breach === undefined ? [] : [`${attempt.name}: ${breach}`];
  });
}

export function missingControls(controls: readonly Control[]): string[] {
  return controls.flatMap((control) => {
    const missing = control.missing();
    return missing === undefined ? [] : [`${control.name}: ${missing}`];
  });
}

/**
 * A planner's Bash writes, all in the repository it works in (its working directory): source,
 * its own plan (which goes through the Write tool only), baton's, git's and Claude Code's files.
 */
export function plannerAttempts(layout: Layout, planId: string): Attempt[] {
  const { repository: r, store } = layout;
  const plan = `${r}/.baton/plans/review/${planId}.md`;
  return [
    unchanged('redirection into source', `echo ${marker} > src/evil.js`, [`${r}/src/evil.js`]),
    unchanged('sed -i on the README', `sed -i 's/hello/${marker}/' README.md`, [`${r}/README.md`]),
    unchanged('sed with an ANSI-C quoted -i', `sed $'-i' 's/hello/${marker}/' src/app.js`, [
      `${r}/src/app.js`,
    ]),
    unchanged('python3 -c writing a file', `python3 -c "open('notes.md','w').write('x')"`, [`${r}/notes.md`]),
    unchanged('cp a file', 'cp README.md copied.md', [`${r}/copied.md`]),
    {
      // The plan may be written later through the Write tool: the breach is Bash's content.
      name: 'its own plan through Bash',
      command: `mkdir -p ${r}/.baton/plans/review && echo '# ${marker}' > ${plan}`,
      breach: () =>
        existsSync(plan) && readFileSync(plan, 'utf8').includes(marker)
          ? `${plan} written by Bash`
          : undefined,
    },
    storeIntact('appending to the store', `echo ${marker} >> ${store}`, store),
    unchanged('git config', `git config user.name ${marker}`, [`${r}/.git/config`]),
    unchanged('committing', `git commit --allow-empty -q -m ${marker}`, [`${r}/.git/refs/heads/main`]),
    unchanged('a branch with git update-ref', 'git update-ref refs/heads/evil HEAD', [
      `${r}/.git/refs/heads/evil`,
    ]),
    unchanged(
      '.claude/settings.json',
      `mkdir -p .claude && echo '{"disableAllHooks":true}' > .claude/settings.json`,
      [`${r}/.claude/settings.json`],
    ),
    unchanged('.mcp.json', `echo '{}' > .mcp.json`, [`${r}/.mcp.json`]),
  ];
}
