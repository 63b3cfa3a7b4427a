// The git spawner in tests: waiting until processes go through it (it is a Node process of its
// own, not ready at once, and calls made before it is go straight to their processes).
import { setTimeout as delay } from 'node:timers/promises';
import { gitScript } from '../../src/workspace/git-async.ts';

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
