// Attempts on the Bash guard beyond the ones in claims-bash.test.ts: the configuration that
// switches enforcement off from outside the repository (the user's Claude Code settings) or in
// other agent clients' files, baton's git hook, and ways to replace a held file or folder that a
// content comparison alone would miss (a folder swapped for a link to a copy). Each runs the
// real hooks around a real bash; the controls show that the honest commands pass untouched.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { git } from '../support/repository.ts';
import { bashCall, heldText, repositoryHeldByB } from './bash-hook-fixture.ts';

// [attempt, the file it must leave as it was (`~/` is the session's HOME, `.git/` the git folder)]
const configAttempts: Array<[string, string]> = [
  [
    'mkdir -p ~/.claude && echo \'{"disableAllHooks":true}\' > ~/.claude/settings.json',
    '~/.claude/settings.json',
  ],
  [
    'mkdir -p "$HOME/.claude" && printf \'{"hooks":{}}\' > "$HOME/.claude/settings.json"',
    '~/.claude/settings.json',
  ],
  ["mkdir -p .codex && printf '[mcp_servers]\\n' > .codex/config.toml", '.codex/config.toml'],
  ['mkdir -p .cursor && echo \'{"mcpServers":{}}\' > .cursor/mcp.json', '.cursor/mcp.json'],
  ['mkdir -p .gemini && echo \'{"mcpServers":{}}\' > .gemini/settings.json', '.gemini/settings.json'],
  ['mkdir -p .vscode && echo \'{"servers":{}}\' > .vscode/mcp.json', '.vscode/mcp.json'],
  ['rm -f .git/hooks/post-commit', '.git/hooks/post-commit'],
  ['printf "#!/bin/sh\\nexit 0\\n" > .git/hooks/post-commit', '.git/hooks/post-commit'],
];

function locate(repository: string, home: string, file: string): string {
  if (file.startsWith('~/')) return path.join(home, file.slice(2));
  return path.join(repository, file);
}

function contentOf(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

describe('configuration that switches enforcement off, through Bash', () => {
  for (const [attempt, file] of configAttempts) {
    test(`config: ${attempt}`, async (t) => {
      const { repository, home } = repositoryHeldByB(t);
      mkdirSync(path.join(home, '.claude'), { recursive: true });
      writeFileSync(path.join(home, '.claude', 'settings.json'), '{"hooks":{"PreToolUse":[]}}\n');
      mkdirSync(path.join(repository, '.git', 'hooks'), { recursive: true });
      writeFileSync(
        path.join(repository, '.git', 'hooks', 'post-commit'),
        '#!/bin/sh\nbaton hook git-post-commit\n',
      );
      const absolute = locate(repository, home, file);
      const before = contentOf(absolute);
      const { after } = await bashCall(repository, home, 'A', attempt);
      assert.equal(contentOf(absolute), before, `${file} after: ${attempt}`);
      assert.equal(after.decision, 'block');
      assert.match(after.reason ?? '', /no agent may change it/);
    });
  }

  test('control: reading them and writing elsewhere in HOME changes nothing and says nothing', async (t) => {
    const { repository, home } = repositoryHeldByB(t);
    const answer = await bashCall(
      repository,
      home,
      'A',
      'cat ~/.claude/settings.json .git/hooks/post-commit 2>/dev/null; mkdir -p ~/notes && echo hi > ~/notes/a.txt && echo x > .vscode-notes.txt',
    );
    assert.deepEqual(answer, { before: {}, after: {} });
    assert.equal(readFileSync(path.join(home, 'notes', 'a.txt'), 'utf8'), 'hi\n');
  });
});

// A held file or folder replaced without changing a byte of what a path read returns.
const swapAttempts: Array<[string, string]> = [
  ['mv src "$HOME/src-moved" && ln -s "$HOME/src-moved" src', 'src'],
  ['mv lib "$HOME/lib-moved" && ln -s "$HOME/lib-moved" lib', 'lib'],
  ['mkdir -p "$HOME/out" && cp -a lib/. "$HOME/out/" && rm -rf lib && ln -s "$HOME/out" lib', 'lib'],
  ['mv src src-old && ln -s src-old src', 'src'],
  ['cp lib/util.ts "$HOME/u.ts" && ln -sf "$HOME/u.ts" lib/util.ts', 'lib/util.ts'],
  ['ln src/held.ts "$HOME/h.ts" && echo A >> "$HOME/h.ts"', 'src/held.ts'],
  [
    'git worktree add -q "$HOME/wt" && echo A >> "$HOME/wt/src/held.ts" && cp "$HOME/wt/src/held.ts" src/held.ts',
    'src/held.ts',
  ],
];

describe('a held file or folder swapped for a link', () => {
  for (const [attempt, swapped] of swapAttempts) {
    test(`swap: ${attempt}`, async (t) => {
      const { repository, home } = repositoryHeldByB(t);
      const kind = lstatSync(path.join(repository, swapped)).isDirectory() ? 'folder' : 'file';
      await bashCall(repository, home, 'A', attempt);
      const stats = lstatSync(path.join(repository, swapped));
      assert.equal(stats.isSymbolicLink(), false, `${swapped} must not be left a link: ${attempt}`);
      assert.equal(
        kind === 'folder' ? stats.isDirectory() : stats.isFile(),
        true,
        `${swapped} is a ${kind} again`,
      );
      assert.equal(readFileSync(path.join(repository, 'src', 'held.ts'), 'utf8'), heldText);
      assert.equal(readFileSync(path.join(repository, 'lib', 'util.ts'), 'utf8'), 'export const util = 1;\n');
    });
  }

  test("control: links and moves among A's own files are left alone", async (t) => {
    const { repository, home } = repositoryHeldByB(t);
    mkdirSync(path.join(repository, 'mine'));
    writeFileSync(path.join(repository, 'mine', 'a.ts'), 'a\n');
    git(repository, 'add', '-A');
    const answer = await bashCall(
      repository,
      home,
      'A',
      'mv mine "$HOME/mine-moved" && ln -s "$HOME/mine-moved" mine && ln -s ../src/held.ts held-link.ts',
    );
    assert.deepEqual(answer, { before: {}, after: {} });
    assert.ok(lstatSync(path.join(repository, 'mine')).isSymbolicLink());
  });
});

describe('a command that outlives the watch', () => {
  test('a process detached without run_in_background writes a held file after PostToolUse', {
    todo: "without a sandbox the guard cannot tell that a foreground command left a process behind (no process id reaches the hook, and a detached process may drop CLAUDE_CODE_SESSION_ID); keeping every copy open until the next call would undo the holder's own edits made in between. Under the sandbox the detached process stays inside bubblewrap and cannot write the file.",
  }, async (t) => {
    const { repository, home } = repositoryHeldByB(t);
    await bashCall(repository, home, 'A', "nohup sh -c 'sleep 0.5; echo A >> src/held.ts' >/dev/null 2>&1 &");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await bashCall(repository, home, 'A', 'ls');
    assert.equal(readFileSync(path.join(repository, 'src', 'held.ts'), 'utf8'), heldText);
  });

  test("the command removes baton's copies along with its change", {
    todo: "without a sandbox the copies and their manifest are files the agent's user can write (under <git-common-dir>/baton/guard/); a command that changes a held file and deletes or rewrites them is not undone. Under the sandbox .git is read-only to the agent's Bash.",
  }, async (t) => {
    const { repository, home } = repositoryHeldByB(t);
    await bashCall(repository, home, 'A', 'echo A >> src/held.ts && rm -rf .git/baton/guard');
    assert.equal(readFileSync(path.join(repository, 'src', 'held.ts'), 'utf8'), heldText);
  });
});
