// PostToolUse (and PostToolUseFailure, which Claude Code sends instead when a Bash command
// exits non-zero): the Bash guard's comparison (bash-guard/), then the automatic pool entries. Nothing is opened unless there is something to
// post; nothing is posted without an instance (never under a made-up id); each kind waits out
// its cooldown per instance, except failing test and build runs: a failure always posts (and
// the next pass posts too); the cooldown holds back repeats of a passing run.

import { type HookResult, noDecision } from '../../../claude-code/hook-answers.ts';
import {
  bashCommand,
  editedFilePath,
  editTools,
  type HookPayload,
} from '../../../claude-code/hook-payload.ts';
import {
  classifyCommand,
  commandEntry,
  commitEntry,
  editedEntry,
  exitStatusFromError,
  isCriticalPath,
  isGitCommit,
} from '../automatic-entries.ts';
import { resolveEditTarget } from '../edit-path.ts';
import type { HookContext } from '../hook-context.ts';
import { postAutomaticEntry } from './post-automatic.ts';

export async function handlePostToolUse(payload: HookPayload, context: HookContext): Promise<HookResult> {
  if (payload.toolName !== 'Bash') return automaticEntries(payload, context);
  const guarded = await compareAfterBash(payload, context);
  const posted = await automaticEntries(payload, context);
  return guarded ?? posted;
}

/** The Bash guard's second half: what the command changed that it must not is put back. */
async function compareAfterBash(payload: HookPayload, context: HookContext): Promise<HookResult | undefined> {
  try {
    const { guardAfterBash } = await import('../bash-guard/bash-guard.ts');
    return await guardAfterBash(payload, context);
  } catch (error) {
    const { logHookProblem } = await import('../hook-log.ts');
    const message = `the files other instances hold could not be compared after a Bash command: ${(error as Error).message}`;
    logHookProblem(context.repositoryRoot, 'post-tool-use', message);
    return {
      stdout: JSON.stringify({ decision: 'block', reason: `baton: ${message}. Run \`baton doctor\`.` }),
    };
  }
}

async function automaticEntries(payload: HookPayload, context: HookContext): Promise<HookResult> {
  const instance = context.instance;
  if (instance === undefined) return noDecision;
  const tool = payload.toolName ?? '';
  const failed = payload.hookEventName === 'PostToolUseFailure';

  if (editTools.has(tool) && !failed) {
    const filePath = editedFilePath(payload);
    if (filePath === undefined) return noDecision;
    const target = resolveEditTarget(context.repositoryRoot, filePath, payload.cwd ?? context.repositoryRoot);
    if (!target.inside || !isCriticalPath(target.path, context.config)) return noDecision;
    await postAutomaticEntry(context, editedEntry(instance, tool, target.path));
    return noDecision;
  }

  if (tool !== 'Bash') return noDecision;
  const command = bashCommand(payload);
  if (command === undefined) return noDecision;
  const response = payload.toolResponse as { interrupted?: unknown } | undefined;
  if (response?.interrupted === true) return noDecision;

  if (!failed && isGitCommit(command)) {
    const { lastCommit } = await import('../../../workspace/git-commit-files.ts');
    const commit = lastCommit(payload.cwd ?? context.repositoryRoot);
    if (commit) await postAutomaticEntry(context, commitEntry(instance, commit));
  }
  const classified = classifyCommand(command, context.config);
  if (classified) {
    const exitStatus = failed ? exitStatusFromError(payload.error) : 0;
    // A failure always posts, and makes the next pass news again; the cooldown holds back only
    // repeats of a pass.
    const passed = `${classified.kind}:passed`;
    await postAutomaticEntry(
      context,
      commandEntry(instance, classified.kind, command, exitStatus),
      exitStatus === 0 ? { cooldownKind: passed } : { always: true, reset: [passed] },
    );
  }
  return noDecision;
}
