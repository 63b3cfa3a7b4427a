// The package as users install it: `npm run build` bundles src/ into dist/, and bin/baton.js
// runs the bundle. Every other test runs the sources, so this one checks that the bundle works
// on its own (no node_modules beside it): commands, the hook entry point, the paths baton
// writes into settings, a Postgres store through the bundled driver, and a whole `baton run`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { planText, type TaskSpec } from '../bench/support/plan-text.ts';
import { buildCompiledCopy } from '../scripts/compiled-copy.ts';
import { atTerminalArguments, type CliResult, childEnvironment } from './support/cli.ts';
import { git, makeRepository, makeTemporaryDirectory } from './support/repository.ts';
import { storeTargets } from './support/stores.ts';

const support = path.join(import.meta.dirname, 'runner', 'support');

describe('the built package (dist/ bundle)', () => {
  let copy = '';
  let bin = '';
  before(() => {
    copy = buildCompiledCopy();
    bin = path.join(copy, 'bin', 'baton.js');
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  function builtBaton(
    cwd: string,
    args: string[],
    env: Record<string, string> = {},
    input?: string,
  ): CliResult {
    // BATON_FROM_SOURCE unset: the copy has no src/, so bin/baton.js must take dist/.
    // approve needs a person at a terminal: run it under `script`, as a terminal would.
    const terminal = args[0] === 'approve';
    const result = spawnSync(
      terminal ? 'script' : process.execPath,
      terminal ? atTerminalArguments([process.execPath, bin, ...args]) : [bin, ...args],
      {
        cwd,
        env: childEnvironment({ BATON_FROM_SOURCE: undefined, ...env }),
        input,
        encoding: 'utf8',
      },
    );
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  test('has no sources and no node_modules beside it', () => {
    assert.ok(existsSync(path.join(copy, 'dist', 'cli.js')));
    assert.ok(existsSync(path.join(copy, 'dist', 'integrations', 'claude', 'hook-entry.js')));
    assert.equal(existsSync(path.join(copy, 'src')), false);
    assert.equal(existsSync(path.join(copy, 'node_modules')), false);
  });

  test('init, plans and lint run from the bundle; a bad plan still names file:line', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const init = builtBaton(repository, ['init'], { HOME: home });
    assert.equal(init.status, 0, init.stderr);
    writeFileSync(path.join(repository, '.baton/plans/review/broken.md'), '---\nid: broken\n---\n# Plan\n');
    const plans = builtBaton(repository, ['plans', '--json'], { HOME: home });
    assert.equal(plans.status, 0, plans.stderr);
    assert.match(plans.stdout, /"broken"/);
    const lint = builtBaton(repository, ['lint', 'broken'], { HOME: home });
    assert.equal(lint.status, 1, lint.stdout + lint.stderr);
    assert.match(lint.stdout + lint.stderr, /broken\.md:\d+/);
    // The config cache of a bundle is keyed on the build's id (installed files all have one
    // modification time), and Node's compile cache lives in the user's cache folder.
    const cacheFolder = path.join(home, '.cache', 'baton');
    const [cached] = readdirSync(path.join(cacheFolder, 'config'));
    const entry = JSON.parse(readFileSync(path.join(cacheFolder, 'config', cached!), 'utf8')) as {
      schema: string;
    };
    assert.match(entry.schema, /^build:[0-9a-f]{16}$/);
    assert.ok(existsSync(path.join(cacheFolder, 'compile-cache')));
  });

  test('hooks install writes the bundle’s own bin/baton.js, and the hook entry point answers', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const install = builtBaton(repository, ['hooks', 'install', '--scope', 'project'], { HOME: home });
    assert.equal(install.status, 0, install.stderr);
    const settings = readFileSync(path.join(repository, '.claude', 'settings.json'), 'utf8');
    assert.ok(settings.includes(bin), `settings should call ${bin}:\n${settings}`);
    const input = JSON.stringify({
      session_id: 's',
      cwd: repository,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: path.join(repository, 'src', 'a.ts'), content: 'x' },
    });
    const hook = builtBaton(repository, ['hook', 'pre-tool-use'], { HOME: home, BATON_INSTANCE: 'A' }, input);
    assert.equal(hook.status, 0, hook.stderr);
    assert.equal(hook.stdout, '', 'an allowed edit gets no decision');
    // The edit was claimed for A, so B's edit of the same file is denied.
    const denied = builtBaton(
      repository,
      ['hook', 'pre-tool-use'],
      { HOME: home, BATON_INSTANCE: 'B' },
      input,
    );
    assert.equal(denied.status, 0, denied.stderr);
    assert.match(denied.stdout, /"permissionDecision":"deny"/);
    assert.match(denied.stdout, /src\/a\.ts/);
  });

  test('a hook whose own files cannot be loaded denies PreToolUse, and the other events answer nothing', (t) => {
    // A damaged installation: a chunk the hook entry imports is gone.
    const damaged = makeTemporaryDirectory(t);
    cpSync(copy, damaged, { recursive: true });
    const entry = readFileSync(path.join(damaged, 'dist', 'integrations', 'claude', 'hook-entry.js'), 'utf8');
    const chunk = /from "\.\.\/\.\.\/(hook-chunks\/[^"]+\.js)"/.exec(entry)?.[1];
    assert.ok(chunk, 'the hook entry imports a chunk');
    rmSync(path.join(damaged, 'dist', chunk));
    const repository = makeRepository(t);
    const run = (event: string) =>
      spawnSync(process.execPath, [path.join(damaged, 'bin', 'baton.js'), 'hook', event], {
        cwd: repository,
        env: childEnvironment({ BATON_FROM_SOURCE: undefined, HOME: makeTemporaryDirectory(t) }),
        input: JSON.stringify({
          session_id: 's',
          cwd: repository,
          tool_name: 'Bash',
          tool_input: { command: 'ls' },
        }),
        encoding: 'utf8',
      });
    const pre = run('pre-tool-use');
    assert.equal(pre.status, 0, pre.stderr);
    assert.match(pre.stdout, /"permissionDecision":"deny"/);
    assert.match(pre.stdout, /could not be loaded/);
    const post = run('post-tool-use');
    assert.equal(post.status, 0, post.stderr);
    assert.equal(post.stdout, '');
  });

  for (const target of storeTargets) {
    test(`the pool through the bundled store (${target.name})`, { skip: target.skip }, async (t) => {
      const repository = makeRepository(t);
      const home = makeTemporaryDirectory(t);
      const { environment } = await target.open(t, repository);
      const env = { HOME: home, BATON_INSTANCE: 'A', ...environment };
      const post = builtBaton(
        repository,
        [
          'pool',
          'post',
          '--action',
          'note',
          '--topic',
          'bundle',
          '--summary',
          'bundled store works',
          '--json',
        ],
        env,
      );
      assert.equal(post.status, 0, post.stderr);
      const query = builtBaton(repository, ['pool', 'query', '--json'], env);
      assert.equal(query.status, 0, query.stderr);
      assert.match(query.stdout, /bundled store works/);
    });
  }

  test('baton run executes a plan from the bundle', (t) => {
    const repository = makeRepository(t);
    const home = makeTemporaryDirectory(t);
    const worktrees = makeTemporaryDirectory(t);
    const env = { HOME: home };
    assert.equal(builtBaton(repository, ['init'], env).status, 0);
    writeFileSync(
      path.join(repository, '.baton/config.yaml'),
      // The scripted agents live in this checkout, which bubblewrap's private /tmp hides when the
      // checkout is itself under /tmp (a fresh clone in CI): this test is about the bundle.
      `sandbox: off\nrun:\n  worktrees_dir: ${JSON.stringify(worktrees)}\n`,
    );
    const tasks: TaskSpec[] = [
      { id: 'T1', files: ['a.txt'] },
      { id: 'T2', files: ['b.txt'], dependencies: ['T1'] },
    ];
    writeFileSync(
      path.join(repository, '.baton/plans/review/bundle.md'),
      planText('bundle', tasks, ['true']),
    );
    const approve = builtBaton(repository, ['approve', 'bundle', '--by', 'test'], env);
    assert.equal(approve.status, 0, approve.stderr);
    const run = builtBaton(
      repository,
      [
        'run',
        'bundle',
        '--json',
        '--executor',
        `command:node ${path.join(support, 'executor.mjs')}`,
        '--reviewer',
        `command:node ${path.join(support, 'reviewer.mjs')}`,
      ],
      env,
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const merged = run.stdout
      .split('\n')
      .filter((line) => line.includes('"task-merged"'))
      .map((line) => (JSON.parse(line) as { taskId: string }).taskId);
    assert.deepEqual(merged, ['T1', 'T2']);
    assert.equal(git(repository, 'show', 'baton/bundle:a.txt').includes('T1 OK'), true);
    assert.equal(git(repository, 'show', 'baton/bundle:b.txt').includes('T2 OK'), true);
  });
});
