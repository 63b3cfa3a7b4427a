// A representative part of the planner-bash attempts through the real Claude Code CLI with
// baton's hooks installed: the planner session sends each attempt as a Bash tool call; the
// PreToolUse hook denies it, the model is told why, and the repository is unchanged; the
// controls run and their results come back.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { claudeUnavailable, describeRun, runClaude } from '../support/claude-code.ts';
import { runBaton } from '../support/cli.ts';
import { allToolResults, startFakeAnthropic } from '../support/fake-anthropic.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';
import { bashTurn, sayTurn } from '../support/scripted-turns.ts';

const attempts = [
  "sed $'\\x2di' s/TODO/DONE/ README.md",
  'echo x\r#; touch PWN',
  'cat <<EOF\n$\\\n(touch PWN)\nEOF',
  "printf -v 'a[$(touch PWN)]' x",
  'find src ?delete',
  'baton show p1\r# && baton approve p1 --by someone',
  "git log -1 $'--output=PWN'",
];
const controls = ['git log --oneline -1', 'grep -rn TODO src README.md', 'cat README.md | head -1'];

describe("the planner's Bash under the real Claude Code CLI", { skip: claudeUnavailable }, () => {
  test('each attempt is denied with the reason and changes nothing; each control runs', async (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t, 'baton-home-');
    writeFileSync(path.join(repository, 'README.md'), '# demo\nTODO: more\n');
    mkdirSync(path.join(repository, 'src'));
    writeFileSync(path.join(repository, 'src', 'a.ts'), 'export const a = 1; // TODO\n');
    // A file named like an option, for the glob attempt.
    writeFileSync(path.join(repository, '-delete'), '');
    git(repository, 'add', '-A', '--', '.');
    git(repository, 'commit', '--quiet', '-m', 'files');
    for (const args of [['init'], ['hooks', 'install', '--scope', 'project']]) {
      const result = runBaton(repository, args, { env: { HOME: home } });
      assert.equal(result.status, 0, result.stderr);
    }
    const head = git(repository, 'rev-parse', 'HEAD');
    const server = await startFakeAnthropic({
      turns: [...attempts.map(bashTurn), ...controls.map(bashTurn), sayTurn('Done looking.')],
    });
    t.after(() => server.close());
    const run = await runClaude({
      cwd: repository,
      home,
      server,
      prompt: 'Look around.',
      env: { BATON_INSTANCE: 'P', BATON_ROLE: 'planner' },
    });
    assert.equal(run.status, 0, describeRun(run));

    // One result per tool call, in order (Claude Code may add a message after a result).
    const results = allToolResults(server.conversationRequests().at(-1)!);
    assert.equal(results.length, attempts.length + controls.length, describeRun(run));
    attempts.forEach((attempt, index) => {
      const result = results[index];
      assert.ok(result?.isError, `not denied: ${JSON.stringify(attempt)}`);
      // Claude Code itself refuses control characters before any hook runs; baton's hook refuses
      // them too (test/security/planner-bash.test.ts), for clients that let them through.
      const refusal = /\r/.test(attempt)
        ? /control characters/
        : /the planner may run only read-only commands: /;
      assert.match(result.text, refusal, JSON.stringify(attempt));
    });
    controls.forEach((control, index) => {
      const result = results[attempts.length + index];
      assert.equal(result?.isError, false, `${control}: ${result?.text}`);
    });
    assert.match(results[attempts.length + 1]!.text, /README\.md:2:TODO/);

    assert.equal(existsSync(path.join(repository, 'PWN')), false, 'an attempt wrote PWN');
    assert.equal(readFileSync(path.join(repository, 'README.md'), 'utf8'), '# demo\nTODO: more\n');
    assert.ok(existsSync(path.join(repository, 'src', 'a.ts')), 'find -delete ran');
    assert.equal(git(repository, 'rev-parse', 'HEAD'), head);
    assert.equal(git(repository, 'status', '--porcelain', '--', 'src', 'README.md'), '');
  });
});
