// A denial never fails open: with the store locked by another process or not a database at all,
// the planner's Write to source and its `rm -rf src` are still denied (the event that could not
// be recorded is logged), and the claims check, which needs the store, denies the edit naming
// the cause (fail closed: another instance may hold the file).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { runBaton } from '../../support/cli.ts';
import { readHookLog } from '../../support/hook-log.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

function payload(repository: string, tool: 'Write' | 'Bash', value: string): string {
  return JSON.stringify({
    session_id: 's',
    cwd: repository,
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input:
      tool === 'Write' ? { file_path: path.join(repository, value), content: 'x' } : { command: value },
  });
}

/** A repository whose store exists (one allowed edit created it), with a short hook time-out. */
function repositoryWithStore(t: TestContext): { repository: string; home: string } {
  const repository = makeRepository(t);
  const home = makeTemporaryDirectory(t);
  mkdirSync(path.join(repository, '.baton'), { recursive: true });
  writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'hooks:\n  timeout_ms: 1000\n');
  const created = runBaton(repository, ['hook', 'pre-tool-use'], {
    input: payload(repository, 'Write', 'src/first.ts'),
    env: { HOME: home, BATON_INSTANCE: 'A' },
  });
  assert.equal(created.status, 0, created.stderr);
  assert.ok(existsSync(path.join(repository, '.baton', 'baton.db')));
  return { repository, home };
}

/** Another process holding BEGIN EXCLUSIVE on the store until the test ends. */
async function lockStore(t: TestContext, file: string): Promise<void> {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(process.argv[1]);
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => {
    child.stdin.end();
    child.kill();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`locker exited with ${code}`)));
  });
}

function assertDenied(result: { status: number | null; stdout: string; stderr: string }, what: RegExp): void {
  assert.equal(result.status, 0, result.stderr);
  assert.ok(result.stdout.length > 0, `no decision (allowed): ${result.stderr}`);
  const answer = JSON.parse(result.stdout);
  assert.equal(answer.hookSpecificOutput.permissionDecision, 'deny');
  assert.match(answer.hookSpecificOutput.permissionDecisionReason, what);
}

for (const breakage of ['locked', 'garbage'] as const) {
  describe(`a ${breakage} store`, () => {
    test('planner denials still deny, the unrecorded event is logged; the claims check fails closed', async (t) => {
      const { repository, home } = repositoryWithStore(t);
      const database = path.join(repository, '.baton', 'baton.db');
      if (breakage === 'locked') await lockStore(t, database);
      else writeFileSync(database, Buffer.from('this is not a SQLite database, just garbage '.repeat(200)));

      const planner = { HOME: home, BATON_INSTANCE: 'P', BATON_ROLE: 'planner' };
      const write = runBaton(repository, ['hook', 'pre-tool-use'], {
        input: payload(repository, 'Write', 'src/zz.ts'),
        env: planner,
      });
      assertDenied(write, /planner never edits code/);
      const bash = runBaton(repository, ['hook', 'pre-tool-use'], {
        input: payload(repository, 'Bash', 'rm -rf src'),
        env: planner,
      });
      assertDenied(bash, /read-only commands/);
      const outside = runBaton(repository, ['hook', 'pre-tool-use'], {
        input: payload(repository, 'Write', '../elsewhere.ts'),
        env: { HOME: home, BATON_INSTANCE: 'A' },
      });
      assertDenied(outside, /inside the repository/);
      const executor = runBaton(repository, ['hook', 'pre-tool-use'], {
        input: payload(repository, 'Write', 'src/other.ts'),
        env: { HOME: home, BATON_INSTANCE: 'A', BATON_ROLE: 'executor', BATON_TASK_FILES: 'src/mine.ts' },
      });
      assertDenied(executor, /not among this task's declared files/);

      const log = readHookLog(repository);
      assert.match(log, /edit-denied event not recorded \(the tool use is denied all the same\)/);
      assert.match(log, /command-denied event not recorded/);

      const claim = runBaton(repository, ['hook', 'pre-tool-use'], {
        input: payload(repository, 'Write', 'src/b.ts'),
        env: { HOME: home, BATON_INSTANCE: 'B' },
      });
      assertDenied(claim, /claims on src\/b\.ts could not be checked .*denied/);
    });
  });
}
