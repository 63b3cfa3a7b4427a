// Nothing moves behind baton's back during an executor's round. Besides the main checkout and
// the shared git config, hooks and info (repositoryFingerprint), the round guard watches:
//   - the repository's refs (branches, tags, notes, replace refs, the main checkout's HEAD), but
//     the plan runs' own branches (baton/*, baton-task/*) that baton moves itself; the run's
//     integration branch is checked against the tip baton recorded (Integration.verifyTip);
//   - baton's config and the plan file being run (.baton/ is left out of the checkout's status).
// Any change fails the round, is undone (refs put back, the moved value kept under
// refs/baton/moved/; files put back, the agent's version kept beside baton's copy) and is named in
// the round's feedback.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeRefChange, readRefs, refChanges, restoreRefs } from '../workspace/refs.ts';

export interface RoundGuardSettings {
  repositoryRoot: string;
  /** Files no executor changes (absolute): baton's config, the plan being run. */
  files: readonly string[];
  /** Checks the integration branch is at the tip baton recorded, putting it back if not. */
  verifyIntegration?: () => Promise<string | undefined>;
}

export interface RoundGuard {
  /** What changed that the executor must not change, each undone; empty when nothing did. */
  finish(): Promise<string[]>;
}

/** Branches baton's runs move themselves, under any plan. */
function movedByBaton(ref: string): boolean {
  return ref.startsWith('refs/heads/baton/') || ref.startsWith('refs/heads/baton-task/');
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function startRoundGuard(settings: RoundGuardSettings): Promise<RoundGuard> {
  const refsBefore = await readRefs(settings.repositoryRoot);
  const filesBefore = new Map(settings.files.map((file) => [file, readOrUndefined(file)]));
  return {
    async finish() {
      const problems: string[] = [];
      const changes = refChanges(refsBefore, await readRefs(settings.repositoryRoot), movedByBaton);
      if (changes.length > 0) {
        const kept = await restoreRefs(settings.repositoryRoot, changes);
        for (const change of changes)
          problems.push(
            `git ref ${describeRefChange(change)} (put back; what it pointed at is kept under ${kept})`,
          );
      }
      const integration = await settings.verifyIntegration?.();
      if (integration !== undefined) problems.push(integration);
      for (const [file, before] of filesBefore) {
        const now = readOrUndefined(file);
        if (now === before) continue;
        const name = path.relative(settings.repositoryRoot, file);
        let kept = '';
        if (now !== undefined) {
          const aside = `${file}.changed-by-executor-${Date.now()}`;
          renameSync(file, aside);
          kept = `; its version is kept at ${path.relative(settings.repositoryRoot, aside)}`;
        }
        if (before !== undefined) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, before);
        }
        problems.push(`${name} (baton's, put back${kept})`);
      }
      return problems;
    },
  };
}
