// Nothing moves behind baton's back during an executor's round. The round guard watches the main
// checkout and the shared git config, hooks and info (named, never undone: they are the user's),
// and, undoing any change:
//   - the repository's refs (branches, tags, notes, replace refs, the main checkout's HEAD), but
//     the plan runs' own branches (baton/*, baton-task/*) that baton moves itself; the run's
//     integration branch is checked against the tip baton recorded (Integration.verifyTip);
//   - baton's config and the plan file being run (.baton/ is left out of the checkout's status).
// Any change fails the round and is named in the round's feedback; refs are put back (the moved
// value kept under refs/baton/moved/), baton's files too (the agent's version kept beside).
// The checkout, git directory and refs are one reading (repository-fingerprint.ts), shared by the
// tasks whose rounds start or end at about the same time.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeRefChange, refChanges, restoreRefs } from '../workspace/refs.ts';
import { fingerprintChanges, sharedRepositoryFingerprint } from '../workspace/repository-fingerprint.ts';

export interface RoundGuardSettings {
  repositoryRoot: string;
  /** Repository-relative folders of the main checkout left out (baton's state, worktrees in it). */
  exclude: readonly string[];
  /** Files no executor changes (absolute): baton's config, the plan being run. */
  files?: readonly string[];
  /**
   * Checks the integration branch is at the tip baton recorded, putting it back if not; given
   * the refs as the round's end found them.
   */
  verifyIntegration?: (refs: ReadonlyMap<string, string>) => Promise<string | undefined>;
}

export interface RoundGuard {
  /** What changed that the executor must not change (refs and baton's files undone); empty when nothing did. */
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
  const before = await sharedRepositoryFingerprint(settings.repositoryRoot, settings.exclude);
  const filesBefore = new Map((settings.files ?? []).map((file) => [file, readOrUndefined(file)]));
  return {
    async finish() {
      const after = await sharedRepositoryFingerprint(settings.repositoryRoot, settings.exclude);
      const outside = fingerprintChanges(before, after);
      const problems = [
        ...outside.gitDirectory,
        ...outside.checkout.map((file) => `${file} (main checkout)`),
      ];
      const changes = refChanges(before.refs, after.refs, movedByBaton);
      if (changes.length > 0) {
        const kept = await restoreRefs(settings.repositoryRoot, changes);
        for (const change of changes)
          problems.push(
            `git ref ${describeRefChange(change)} (put back; what it pointed at is kept under ${kept})`,
          );
      }
      const integration = await settings.verifyIntegration?.(after.refs);
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
