// The git spawner in tests: waiting until processes go through it (it is a Node process of its
// own, not ready at once, and calls made before it is go straight to their processes).
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gitScript } from '../../src/workspace/git-async.ts';
import { startGitSpawner } from '../../src/workspace/git-spawner.ts';

/** The process that started a git script: the spawner's pid once it is ready. */
export async function starterOf(directory: string): Promise<number> {
  return Number((await gitScript(directory, 'echo "$PPID"')).stdout);
}

/** Waits until git calls go through the spawner; its pid. */
export async function spawnerReady(directory: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const starter = await starterOf(directory);
    if (starter !== process.pid) return starter;
    await delay(50);
  }
  throw new Error('the git spawner never became ready');
}

/** Starts a spawner for the test (stopped after it) and waits until it is ready; its pid. */
export async function withReadySpawner(t: TestContext, directory: string): Promise<number> {
  t.after(startGitSpawner());
  return spawnerReady(directory);
}

/** A file's text, once a process has written it (a generous number of polls, no timing claim). */
export async function waitForFile(file: string): Promise<string> {
  for (let attempt = 0; attempt < 200 && !existsSync(file); attempt++) await delay(25);
  return readFileSync(file, 'utf8').trim();
}
