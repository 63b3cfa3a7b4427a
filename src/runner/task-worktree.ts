// A new task worktree made ready for work: the `run.link` paths linked in, then `run.setup` run.
// What both leave there (files git does not ignore) is the worktree's baseline, never the
// task's change: those paths are excluded from its commits and its scope check. A run's task
// and a task handed to an agent through the MCP server are made ready by this one step.
import { linkIntoWorktree, runSetupCommands, uncommittedFiles } from '../workspace/worktrees.ts';
import type { RunSettings } from './run-context.ts';

export type ReadyWorktree = { excluded: string[] } | { failure: string };

export async function readyNewWorktree(
  repositoryRoot: string,
  worktree: string,
  settings: Pick<RunSettings, 'link' | 'setup' | 'verifyTimeoutMs'>,
  signal: AbortSignal,
): Promise<ReadyWorktree> {
  linkIntoWorktree(repositoryRoot, worktree, settings.link);
  const setupFailure = await runSetupCommands(worktree, settings.setup, {
    timeoutMs: settings.verifyTimeoutMs,
    signal,
  });
  if (setupFailure)
    return {
      failure: `setup command \`${setupFailure.command}\` failed (exit ${setupFailure.exitCode}): ${setupFailure.output.slice(-500)}`,
    };
  const excluded = [...settings.link];
  // The setup's own files are the worktree's baseline, not the task's change.
  if (settings.setup.length > 0) excluded.push(...(await uncommittedFiles(worktree, settings.link)));
  return { excluded };
}
