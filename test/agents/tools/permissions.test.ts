// Every permission rule of issue 4, on a real repository: each refusal is the tool's answer,
// is reported through onRefusal, and leaves the files as they were.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { roleTools } from '../../../src/agents/tools/permissions.ts';
import { isToolRefusal, type ToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { makeWorkspace, toolsetFor } from './workspace-fixture.ts';

function assertRefused(answer: unknown, code: ToolRefusal['code']): ToolRefusal {
  assert.ok(isToolRefusal(answer), `expected a ${code} refusal, got ${JSON.stringify(answer)}`);
  assert.equal(answer.code, code, answer.message);
  assert.ok(answer.message.length > 0);
  return answer;
}

test('the planner has read tools and write_plan only: write_file, edit_file and run_command are refused', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, {
    role: 'planner',
    planPath: '.baton/plans/review/p1.md',
  });
  assert.deepEqual(Object.keys(toolset.tools).sort(), [...roleTools.planner].sort());
  assert.equal(toolset.tools.write_file, undefined);
  assert.equal(toolset.tools.run_command, undefined);

  assertRefused(await toolset.call('write_file', { path: 'src/a.ts', content: 'x' }), 'NOT_PERMITTED');
  assertRefused(
    await toolset.call('edit_file', { path: 'src/a.ts', oldText: 'a', newText: 'b' }),
    'NOT_PERMITTED',
  );
  assertRefused(await toolset.call('run_command', { command: 'touch owned' }), 'NOT_PERMITTED');
  assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
  assert.equal(existsSync(path.join(workspace.root, 'owned')), false);
  assert.deepEqual(
    refusals.map((refusal) => [refusal.tool, refusal.code]),
    [
      ['write_file', 'NOT_PERMITTED'],
      ['edit_file', 'NOT_PERMITTED'],
      ['run_command', 'NOT_PERMITTED'],
    ],
  );
});

test('write_plan writes the plan file it was given, and no other', async (t) => {
  const workspace = makeWorkspace(t);
  const planPath = '.baton/plans/review/p1.md';
  const { toolset, refusals } = toolsetFor(workspace, { role: 'planner', planPath });

  const written = await toolset.call('write_plan', { content: '# Plan\n' });
  assert.ok(!isToolRefusal(written));
  assert.equal(written.path, planPath);
  assert.equal(readFileSync(path.join(workspace.root, planPath), 'utf8'), '# Plan\n');

  assertRefused(
    await toolset.call('write_plan', { content: '# Other\n', path: 'src/a.ts' }),
    'NOT_THE_PLAN_PATH',
  );
  assertRefused(
    await toolset.call('write_plan', { content: '# Other\n', path: '../p1.md' }),
    'NOT_THE_PLAN_PATH',
  );
  assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
  // Naming the plan file itself is fine.
  assert.ok(
    !isToolRefusal(await toolset.call('write_plan', { content: '# Plan 2\n', path: `./${planPath}` })),
  );
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    ['NOT_THE_PLAN_PATH', 'NOT_THE_PLAN_PATH'],
  );

  const noPlan = toolsetFor(workspace, { role: 'planner' });
  assertRefused(await noPlan.toolset.call('write_plan', { content: '# Plan\n' }), 'NOT_PERMITTED');
  assert.equal(noPlan.refusals.length, 1);
});

test('the executor writes inside its declared files and is refused outside them', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, {
    role: 'executor',
    taskFiles: ['src/a.ts', 'src/feature/**'],
  });

  const written = await toolset.call('write_file', { path: 'src/a.ts', content: 'export const a = 10;\n' });
  assert.ok(!isToolRefusal(written));
  assert.deepEqual(written, { path: 'src/a.ts', bytesWritten: 21, created: false });
  const created = await toolset.call('write_file', { path: 'src/feature/deep/new.ts', content: 'new\n' });
  assert.ok(!isToolRefusal(created));
  assert.equal(created.created, true);
  assert.equal(readFileSync(path.join(workspace.root, 'src/feature/deep/new.ts'), 'utf8'), 'new\n');

  const outside = assertRefused(
    await toolset.call('write_file', { path: 'src/b.ts', content: 'x' }),
    'OUTSIDE_TASK_FILES',
  );
  assert.match(outside.message, /src\/a\.ts, src\/feature\/\*\*/);
  assertRefused(
    await toolset.call('edit_file', { path: 'docs/readme.md', oldText: 'readme', newText: 'x' }),
    'OUTSIDE_TASK_FILES',
  );
  // `..` that stays inside the root is still judged by where it lands.
  assertRefused(
    await toolset.call('write_file', { path: 'src/feature/../b.ts', content: 'x' }),
    'OUTSIDE_TASK_FILES',
  );
  assertRefused(await toolset.call('write_plan', { content: '# Plan\n' }), 'NOT_PERMITTED');
  assert.equal(
    readFileSync(path.join(workspace.root, 'src/b.ts'), 'utf8'),
    'export const b = 2;\nexport const b2 = 2;\n',
  );
  assert.equal(
    readFileSync(path.join(workspace.root, 'docs/readme.md'), 'utf8'),
    '# readme\nmarker in docs\n',
  );
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    ['OUTSIDE_TASK_FILES', 'OUTSIDE_TASK_FILES', 'OUTSIDE_TASK_FILES', 'NOT_PERMITTED'],
  );

  const nothingDeclared = toolsetFor(workspace, { role: 'executor' });
  assertRefused(
    await nothingDeclared.toolset.call('write_file', { path: 'src/a.ts', content: 'x' }),
    'OUTSIDE_TASK_FILES',
  );
});

test('`../` paths and absolute paths outside the root are refused, for reading and writing', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['**'] });
  const escapeTarget = path.join(workspace.outside, 'escape.txt');

  assertRefused(await toolset.call('read_file', { path: '../secret.txt' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('read_file', { path: 'src/../../secret.txt' }), 'PATH_ESCAPES');
  assertRefused(
    await toolset.call('write_file', {
      path: `../${path.basename(workspace.outside)}/escape.txt`,
      content: 'x',
    }),
    'PATH_ESCAPES',
  );
  assertRefused(await toolset.call('read_file', { path: '/etc/passwd' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('write_file', { path: escapeTarget, content: 'x' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('list_files', { path: '..' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('search', { pattern: 'secret', path: workspace.outside }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('read_file', { path: '~/.ssh/id_rsa' }), 'PATH_ESCAPES');
  assert.equal(existsSync(escapeTarget), false);
  assert.equal(refusals.length, 8);
  assert.ok(refusals.every((refusal) => refusal.code === 'PATH_ESCAPES' && refusal.path !== undefined));

  // An absolute path inside the root is fine.
  const inside = await toolset.call('read_file', { path: path.join(workspace.root, 'src/a.ts') });
  assert.ok(!isToolRefusal(inside));
  assert.equal(inside.path, 'src/a.ts');
});

test('symlinks leading out of the root are refused: a linked folder, a linked file, a dangling link', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['**'] });
  const { symlinkSync } = await import('node:fs');
  symlinkSync(path.join(workspace.outside, 'not-yet.txt'), path.join(workspace.root, 'dangling.txt'));

  assertRefused(await toolset.call('read_file', { path: 'linked-dir/secret.txt' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('read_file', { path: 'linked-file.txt' }), 'PATH_ESCAPES');
  assertRefused(await toolset.call('list_files', { path: 'linked-dir' }), 'PATH_ESCAPES');
  assertRefused(
    await toolset.call('write_file', { path: 'linked-dir/new.txt', content: 'x' }),
    'PATH_ESCAPES',
  );
  assertRefused(
    await toolset.call('write_file', { path: 'linked-dir/deeper/new.txt', content: 'x' }),
    'PATH_ESCAPES',
  );
  assertRefused(
    await toolset.call('write_file', { path: 'linked-file.txt', content: 'overwritten' }),
    'PATH_ESCAPES',
  );
  assertRefused(
    await toolset.call('edit_file', { path: 'linked-file.txt', oldText: 'outside', newText: 'x' }),
    'PATH_ESCAPES',
  );
  assertRefused(await toolset.call('write_file', { path: 'dangling.txt', content: 'x' }), 'PATH_ESCAPES');

  assert.equal(readFileSync(path.join(workspace.outside, 'secret.txt'), 'utf8'), 'outside secret\n');
  assert.equal(existsSync(path.join(workspace.outside, 'new.txt')), false);
  assert.equal(existsSync(path.join(workspace.outside, 'deeper')), false);
  assert.equal(existsSync(path.join(workspace.outside, 'not-yet.txt')), false);
  assert.equal(refusals.length, 8);

  // The walk leaves escaping links out instead of refusing the whole listing.
  const listing = await toolset.call('list_files', {});
  assert.ok(!isToolRefusal(listing));
  assert.ok(!listing.files.some((file) => file.startsWith('linked') || file === 'dangling.txt'));
});

test('nothing is ever written into .git, however the path is spelled', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['**', '.git/**'] });
  const { symlinkSync } = await import('node:fs');
  symlinkSync('.git', path.join(workspace.root, 'notes'));
  const config = readFileSync(path.join(workspace.root, '.git/config'), 'utf8');

  const spellings = [
    '.git/config',
    './.git/config',
    'sub/../.git/x',
    '.git/hooks/pre-commit',
    '.GIT/config',
    path.join(workspace.root, '.git', 'config'),
    'notes/config',
    '.git',
  ];
  for (const spelling of spellings) {
    assertRefused(await toolset.call('write_file', { path: spelling, content: 'x' }), 'GIT_DIR');
  }
  assertRefused(
    await toolset.call('edit_file', { path: '.git/config', oldText: '[core]', newText: '[x]' }),
    'GIT_DIR',
  );
  assert.equal(readFileSync(path.join(workspace.root, '.git/config'), 'utf8'), config);
  assert.equal(existsSync(path.join(workspace.root, '.git/x')), false);
  assert.equal(existsSync(path.join(workspace.root, '.git/hooks/pre-commit')), false);
  assert.deepEqual(
    refusals.map((refusal) => refusal.path),
    [...spellings, '.git/config'],
  );
});

test("a worktree's .git file is never written either", async (t) => {
  const workspace = makeWorkspace(t);
  const { git, makeTemporaryDirectory } = await import('../../support/repository.ts');
  const worktree = path.join(makeTemporaryDirectory(t, 'baton-worktree-'), 'task');
  git(workspace.root, 'worktree', 'add', '--quiet', '-b', 'task', worktree);
  const { toolset, refusals } = toolsetFor(
    { root: worktree, outside: workspace.outside },
    { role: 'executor', taskFiles: ['**'] },
  );
  const before = readFileSync(path.join(worktree, '.git'), 'utf8');
  assertRefused(
    await toolset.call('write_file', { path: '.git', content: 'gitdir: /elsewhere\n' }),
    'GIT_DIR',
  );
  assertRefused(
    await toolset.call('edit_file', { path: '.git', oldText: 'gitdir', newText: 'x' }),
    'GIT_DIR',
  );
  assert.equal(readFileSync(path.join(worktree, '.git'), 'utf8'), before);
  assert.equal(refusals.length, 2);
  // The main repository is outside the worktree.
  assertRefused(
    await toolset.call('read_file', { path: path.join(workspace.root, 'src/a.ts') }),
    'PATH_ESCAPES',
  );
});

test("the reviewer runs the plan's verify commands exactly, and nothing else", async (t) => {
  const workspace = makeWorkspace(t);
  const verifyCommands = ['echo verified', 'test -f src/a.ts'];
  const { toolset, refusals } = toolsetFor(workspace, { role: 'reviewer', verifyCommands });

  const verified = await toolset.call('run_command', { command: '  echo verified ' });
  assert.ok(!isToolRefusal(verified));
  assert.equal(verified.exitCode, 0);
  assert.equal(verified.stdout, 'verified\n');
  const second = await toolset.call('run_command', { command: 'test -f src/a.ts' });
  assert.ok(!isToolRefusal(second));
  assert.equal(second.exitCode, 0);

  const refused = assertRefused(
    await toolset.call('run_command', { command: 'touch owned' }),
    'NOT_A_VERIFY_COMMAND',
  );
  assert.equal(refused.command, 'touch owned');
  assert.match(refused.message, /`echo verified`, `test -f src\/a\.ts`/);
  assertRefused(
    await toolset.call('run_command', { command: 'echo verified && touch owned' }),
    'NOT_A_VERIFY_COMMAND',
  );
  assertRefused(await toolset.call('run_command', { command: 'echo  verified' }), 'NOT_A_VERIFY_COMMAND');
  assertRefused(await toolset.call('write_file', { path: 'src/a.ts', content: 'x' }), 'NOT_PERMITTED');
  assertRefused(
    await toolset.call('edit_file', { path: 'src/a.ts', oldText: 'a', newText: 'b' }),
    'NOT_PERMITTED',
  );
  assert.equal(existsSync(path.join(workspace.root, 'owned')), false);
  assert.deepEqual(
    refusals.map((refusal) => refusal.code),
    [
      'NOT_A_VERIFY_COMMAND',
      'NOT_A_VERIFY_COMMAND',
      'NOT_A_VERIFY_COMMAND',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ],
  );
});

test('an unknown tool and invalid input are refused and reported too', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/**'] });
  assertRefused(await toolset.call('delete_everything', {}), 'UNKNOWN_TOOL');
  const invalid = assertRefused(await toolset.call('write_file', { path: 'src/a.ts' }), 'INVALID_INPUT');
  assert.match(invalid.message, /content/);
  assertRefused(await toolset.call('read_file', { path: 'src/missing.ts' }), 'NOT_FOUND');
  assert.deepEqual(
    refusals.map((refusal) => [refusal.tool, refusal.code]),
    [
      ['delete_everything', 'UNKNOWN_TOOL'],
      ['write_file', 'INVALID_INPUT'],
      ['read_file', 'NOT_FOUND'],
    ],
  );
});

test('the tools handed out refuse the same way when called directly, as a model loop would', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/a.ts'] });
  const writeFile = toolset.tools.write_file;
  assert.ok(writeFile);
  assert.ok(writeFile.inputSchema.safeParse({ path: 'x', content: 'y' }).success);
  assertRefused(await writeFile.execute({ path: 'docs/readme.md', content: 'x' }), 'OUTSIDE_TASK_FILES');
  assert.equal(refusals.length, 1);
});

test('finish and report_blocked end the run once', async (t) => {
  const workspace = makeWorkspace(t);
  const { toolset, refusals } = toolsetFor(workspace, { role: 'executor', taskFiles: ['src/a.ts'] });
  assert.equal(toolset.outcome(), undefined);
  const blocked = await toolset.call('report_blocked', { reason: 'src/b.ts must change too' });
  assert.deepEqual(blocked, { acknowledged: true, status: 'blocked' });
  assert.deepEqual(toolset.outcome(), { status: 'blocked', reason: 'src/b.ts must change too' });
  assertRefused(await toolset.call('finish', { summary: 'done anyway' }), 'ALREADY_ENDED');
  assert.deepEqual(toolset.outcome(), { status: 'blocked', reason: 'src/b.ts must change too' });
  assert.equal(refusals.length, 1);
});
