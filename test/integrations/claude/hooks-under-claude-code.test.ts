// The real Claude Code CLI, headless, with baton's hooks installed by `baton hooks install`,
// talking to the local fake Anthropic server that scripts its tool calls. What the model "does"
// is scripted; what Claude Code and baton's hooks do with it is real.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { openStore } from '../../../src/store/store.ts';
import { type ClaudeRun, claudeUnavailable, describeRun, runClaude } from '../../support/claude-code.ts';
import { runBaton } from '../../support/cli.ts';
import {
  type FakeAnthropicServer,
  lastToolResults,
  requestText,
  type ScriptedTurn,
  startFakeAnthropic,
  type TurnScript,
} from '../../support/fake-anthropic.ts';
import { readHookLog } from '../../support/hook-log.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

if (claudeUnavailable) process.stderr.write(`notice: ${claudeUnavailable}\n`);

interface Setup {
  repository: string;
  home: string;
}

/** A fresh repository with `baton init` and `baton hooks install --scope project` done, and a HOME of its own. */
function setUp(t: TestContext): Setup {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t, 'baton-home-');
  const init = runBaton(repository, ['init'], { env: { HOME: home } });
  assert.equal(init.status, 0, init.stderr);
  const install = runBaton(repository, ['hooks', 'install', '--scope', 'project'], { env: { HOME: home } });
  assert.equal(install.status, 0, install.stderr);
  return { repository, home };
}

async function withServer(t: TestContext, turns: TurnScript[]): Promise<FakeAnthropicServer> {
  const server = await startFakeAnthropic({ turns });
  t.after(() => server.close());
  return server;
}

const write = (filePath: string, content: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Write', input: { file_path: filePath, content } }],
});
const bash = (command: string): ScriptedTurn => ({
  content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'scripted command' } }],
});
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

/** Claude Code run to the end of the server's script, as `env` says (instance, role). */
async function runSession(
  { repository, home }: Setup,
  server: FakeAnthropicServer,
  prompt: string,
  env: Record<string, string>,
): Promise<ClaudeRun> {
  const run = await runClaude({ cwd: repository, home, server, prompt, env });
  assert.equal(run.status, 0, describeRun(run));
  return run;
}

/** Claude Code as instance P in the planner role. */
const runPlanner = (setup: Setup, server: FakeAnthropicServer) =>
  runSession(setup, server, 'Plan the work.', { BATON_INSTANCE: 'P', BATON_ROLE: 'planner' });

async function events(repository: string, kind: string): Promise<Array<Record<string, unknown>>> {
  const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
  try {
    const rows = await store.db
      .selectFrom('events')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, data: row.data ? JSON.parse(row.data) : {} }));
  } finally {
    await store.close();
  }
}

describe('baton hooks under the real Claude Code CLI', { skip: claudeUnavailable }, () => {
  test("instance B's Write to a file instance A claimed is denied and the file is unchanged", async (t) => {
    const { repository, home } = setUp(t);
    mkdirSync(path.join(repository, 'src'));
    const shared = path.join(repository, 'src', 'shared.ts');
    writeFileSync(shared, 'export const owner = "A";\n');
    const claim = runBaton(repository, ['claim', 'src/shared.ts', '--reason', 'refactoring auth'], {
      env: { BATON_INSTANCE: 'A', HOME: home },
    });
    assert.equal(claim.status, 0, claim.stderr);

    const free = path.join(repository, 'src', 'free.ts');
    const server = await withServer(t, [
      write(shared, 'export const owner = "B";\n'),
      write(free, 'export const free = true;\n'),
      say('Finished.'),
    ]);
    const run = await runSession({ repository, home }, server, 'Edit the files.', { BATON_INSTANCE: 'B' });

    assert.equal(
      readFileSync(shared, 'utf8'),
      'export const owner = "A";\n',
      'the claimed file was overwritten',
    );
    // The model was told why, in the tool result of its Write.
    const afterDenial = server.conversationRequests()[1];
    assert.ok(afterDenial, `no request after the denied Write\n${describeRun(run)}`);
    const [result] = lastToolResults(afterDenial);
    assert.ok(result?.isError, 'the denied Write should come back as an error');
    assert.match(result.text, /src\/shared\.ts is held by instance A \(reason: refactoring auth\) until/);

    // The other file was written and is now B's.
    assert.equal(readFileSync(free, 'utf8'), 'export const free = true;\n');
    const claims = runBaton(repository, ['claims', '--json'], { env: { HOME: home } });
    assert.match(claims.stdout, /"pattern": "src\/free\.ts",\s*"exclusive": true/);
    assert.match(claims.stdout, /"instance": "B"/);

    const denied = await events(repository, 'edit-denied');
    assert.equal(denied.length, 1, readHookLog(repository, '(no hooks.log)'));
    assert.equal(denied[0]!.instance, 'B');
    assert.deepEqual(
      {
        tool: (denied[0]!.data as Record<string, unknown>).tool,
        path: (denied[0]!.data as Record<string, unknown>).path,
      },
      { tool: 'Write', path: 'src/shared.ts' },
    );
  });

  test("a planner's Write to source and its cat > file <<EOF are denied, and each denial is an event", async (t) => {
    const { repository, home } = setUp(t);
    const source = path.join(repository, 'src', 'x.ts');
    const plan = path.join(repository, '.baton', 'plans', 'review', 'add-x.md');
    const server = await withServer(t, [
      write(source, 'export const x = 1;\n'),
      bash("cat > src/y.ts <<'EOF'\nexport const y = 1;\nEOF"),
      bash('ls -a && git status --short'),
      write(plan, '# Add x\n\nA plan.\n'),
      say('Plan written.'),
    ]);
    await runPlanner({ repository, home }, server);

    assert.equal(existsSync(source), false, 'the planner wrote source code');
    assert.equal(existsSync(path.join(repository, 'src', 'y.ts')), false, 'the heredoc created the file');
    assert.equal(readFileSync(plan, 'utf8'), '# Add x\n\nA plan.\n', 'the plan itself may be written');

    const requests = server.conversationRequests();
    assert.match(lastToolResults(requests[1]!)[0]?.text ?? '', /planner never edits code/);
    assert.match(lastToolResults(requests[2]!)[0]?.text ?? '', /read-only commands: output redirection/);
    assert.equal(lastToolResults(requests[3]!)[0]?.isError, false, 'a read-only command runs');

    const editDenied = await events(repository, 'edit-denied');
    assert.equal(editDenied.length, 1, readHookLog(repository, '(no hooks.log)'));
    assert.equal(editDenied[0]!.instance, 'P');
    assert.equal((editDenied[0]!.data as Record<string, unknown>).path, 'src/x.ts');
    assert.equal((editDenied[0]!.data as Record<string, unknown>).tool, 'Write');
    const commandDenied = await events(repository, 'command-denied');
    assert.equal(commandDenied.length, 1, readHookLog(repository, '(no hooks.log)'));
    assert.equal(commandDenied[0]!.instance, 'P');
    assert.match(
      String((commandDenied[0]!.data as Record<string, unknown>).command),
      /^cat > src\/y\.ts <<'EOF'/,
    );
  });

  test("a planner's git inside a folder laid out as a repository is denied, so its config runs nothing", async (t) => {
    const { repository, home } = setUp(t);
    // A project folder laid out as a repository whose config makes `git status` run a program.
    const marker = path.join(makeTemporaryDirectory(t), 'fsmonitor-ran');
    const foreign = path.join(repository, 'vendor', 'evil.git');
    for (const folder of ['objects', 'refs']) mkdirSync(path.join(foreign, folder), { recursive: true });
    writeFileSync(path.join(foreign, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(
      path.join(foreign, 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = ../..\n\tfsmonitor = "touch ${marker}; false"\n`,
    );
    // Without baton the trap works: git obeys that config.
    execFileSync('git', ['status', '--short'], { cwd: foreign, stdio: 'ignore' });
    assert.equal(existsSync(marker), true, 'the fixture should be a working trap');
    rmSync(marker);

    const server = await withServer(t, [
      bash('cd vendor/evil.git && git status --short'),
      bash('cd vendor/evil.git'),
      bash('git status --short'),
      say('Looked around.'),
    ]);
    await runPlanner({ repository, home }, server);
    assert.equal(existsSync(marker), false, "the foreign repository's config ran a program");
    const requests = server.conversationRequests();
    assert.match(lastToolResults(requests[1]!)[0]?.text ?? '', /runs git only where it starts/);
    // Claude Code keeps the folder of the allowed `cd` for the next command: that git is refused too.
    assert.match(lastToolResults(requests[3]!)[0]?.text ?? '', /it could use .*vendor\/evil\.git/);
  });

  test("a file named in the prompt reaches the model (a big one cut to fit), under the instance's attention header", async (t) => {
    const { repository, home } = setUp(t);
    mkdirSync(path.join(repository, 'src', 'blog'), { recursive: true });
    writeFileSync(
      path.join(repository, 'src', 'blog', 'Timeline.tsx'),
      `export function Timeline() {\n  return "timeline marker 7f3a";\n}\n${'// filler line of the timeline\n'.repeat(1000)}`,
    );
    const server = await withServer(t, [say('Looked.')]);
    await runSession({ repository, home }, server, 'The animation in Timeline.tsx plays twice. Why?', {
      BATON_INSTANCE: 'A',
    });
    const text = requestText(server.conversationRequests()[0]!);
    assert.match(text, /ATTENTION STATE \[Turn 1\]/, readHookLog(repository, '(no hooks.log)'));
    assert.match(text, /### src\/blog\/Timeline\.tsx \(cut short\)/);
    assert.match(text, /timeline marker 7f3a/);
    // Within Claude Code's limit for added context: given in the prompt, not saved to a file.
    assert.doesNotMatch(text, /persisted-output|Preview \(first 2KB\)/);
  });

  test("the SessionStart digest reaches the model's request", async (t) => {
    const { repository, home } = setUp(t);
    const post = (instance: string, args: string[]) => {
      const result = runBaton(repository, ['pool', 'post', ...args], {
        env: { BATON_INSTANCE: instance, HOME: home },
      });
      assert.equal(result.status, 0, result.stderr);
    };
    post('A', [
      '--action',
      'completed',
      '--topic',
      'Blog sidebar redesign',
      '--summary',
      'Added BlogSidebar with tag filtering',
      '--affects',
      'src/blog/sidebar.ts',
    ]);
    post('C', [
      '--action',
      'blocked',
      '--topic',
      'Directus collections',
      '--summary',
      'Waiting for API credentials',
    ]);
    runBaton(repository, ['claim', 'src/blog/**', '--reason', 'blog work'], {
      env: { BATON_INSTANCE: 'A', HOME: home },
    });

    const server = await withServer(t, [say('Hello.')]);
    const run = await runSession({ repository, home }, server, 'What is going on?', { BATON_INSTANCE: 'B' });

    const first = server.conversationRequests()[0];
    assert.ok(first, describeRun(run));
    const text = requestText(first);
    assert.match(
      text,
      /baton: state of this repository for instance B/,
      readHookLog(repository, '(no hooks.log)'),
    );
    assert.match(text, /A completed: Blog sidebar redesign — Added BlogSidebar with tag filtering/);
    assert.match(text, /## Blocked\n- .* C blocked: Directus collections/);
    assert.match(text, /src\/blog\/\*\* held by A \(reason: blog work\)/);
  });

  test('a ```pool block in the last assistant message is posted by the Stop hook', async (t) => {
    const { repository, home } = setUp(t);
    const server = await withServer(t, [
      say(
        [
          'All done.',
          '',
          '```pool',
          'INSTANCE: B',
          'ACTION: completed',
          'TOPIC: Release notes collection',
          'SUMMARY: Created the release_notes collection with its fields',
          'AFFECTS: src/release-notes.ts, docs/release-notes.md',
          'BLOCKS: Can now build the release notes page',
          '```',
        ].join('\n'),
      ),
    ]);
    await runSession({ repository, home }, server, 'Finish up.', { BATON_INSTANCE: 'B' });

    const query = runBaton(repository, ['pool', 'query', '--instance', 'B', '--json'], {
      env: { HOME: home },
    });
    assert.equal(query.status, 0, query.stderr);
    const { entries } = JSON.parse(query.stdout) as { entries: Array<Record<string, unknown>> };
    assert.equal(entries.length, 1, readHookLog(repository, '(no hooks.log)'));
    assert.deepEqual(
      {
        instance: entries[0]!.instance,
        action: entries[0]!.action,
        topic: entries[0]!.topic,
        summary: entries[0]!.summary,
        affects: entries[0]!.affects,
        blocks: entries[0]!.blocks,
      },
      {
        instance: 'B',
        action: 'completed',
        topic: 'Release notes collection',
        summary: 'Created the release_notes collection with its fields',
        affects: ['src/release-notes.ts', 'docs/release-notes.md'],
        blocks: 'Can now build the release notes page',
      },
    );
  });
});
