// The git post-commit hook (installed by `baton hooks install --git-hook`): posts the commit just
// made as a `committed` pool entry of the committing instance, subject to the same cooldown as
// the PostToolUse one (so a commit seen by both is posted once).

import { type HookResult, noDecision } from '../../../claude-code/hook-answers.ts';
import { commitEntry } from '../automatic-entries.ts';
import type { HookContext } from '../hook-context.ts';
import { postAutomaticEntry } from './post-automatic.ts';

export async function handleGitPostCommit(cwd: string, context: HookContext): Promise<HookResult> {
  if (context.instance === undefined) {
    context.notes.push(
      'commit not posted to the pool: no instance (BATON_INSTANCE or CLAUDE_INSTANCE was not set where git commit ran)',
    );
    return noDecision;
  }
  const { lastCommit } = await import('../../../workspace/git-commit-files.ts');
  const commit = lastCommit(cwd);
  if (commit) await postAutomaticEntry(context, commitEntry(context.instance, commit));
  return noDecision;
}
