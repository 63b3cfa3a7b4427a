// The spawners in tests (git's, and the agents' and commands'): waiting until processes go through
// them (each is a Node process of its own, not ready at once, and calls made before it is go
// straight to their processes). Git calls go to the shell workers first (shell-workers.ts); a
// call with `forGitSpawner`'s variable, whose name no shell can carry, goes to the git spawner.
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gitScript } from '../../src/workspace/git-async.ts';
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';
import { runCommand } from '../../src/workspace/run-command.ts';

/** A change to a git call's environment that the shell workers refuse: the call goes to the git spawner. */
export const forGitSpawner: Readonly<Record<string, string>> = { 'BATON_TEST.NOT_A_SHELL_NAME': 'set' };

/** The process that started a git script: a shell worker's pid, or the spawner's once it is ready. */
export async function starterOf(directory: string, env: Record<string, string> = {}): Promise<number> {
  return Number((await gitScript(directory, 'echo "$PPID"', [], env)).stdout);
}

/** Waits until what `starter` reports is not this process: the spawner's pid. */
async function throughSpawner(starter: () => Promise<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const pid = await starter();
    if (pid !== process.pid) return pid;
    await delay(50);
  }
  throw new Error('the spawner never became ready');
}

/** Waits until git calls go through the git spawner (`forGitSpawner`: else a shell worker's); its pid. */
export function spawnerReady(directory: string, env: Record<string, string> = {}): Promise<number> {
  return throughSpawner(() => starterOf(directory, env));
}

/** Waits until agents and commands go through their spawner; its pid. */
export function groupSpawnerReady(directory: string): Promise<number> {
  return throughSpawner(async () => Number((await runCommand('echo "$PPID"', { cwd: directory })).stdout));
}

/**
 * Starts the spawners for the test (stopped after it) and waits until both are ready; the pid of
 * the agents' and commands' one.
 */
export async function withReadySpawner(t: TestContext, directory: string): Promise<number> {
  t.after(startGitSpawner());
  await spawnerReady(directory);
  return groupSpawnerReady(directory);
}

/** A file's text, once a process has written it (a generous number of polls, no timing claim). */
export async function waitForFile(file: string): Promise<string> {
  for (let attempt = 0; attempt < 200 && !existsSync(file); attempt++) await delay(25);
  return readFileSync(file, 'utf8').trim();
}
