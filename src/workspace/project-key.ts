// Which project a repository's rows belong to in the store (src/store/store-scope.ts). A Postgres
// database is shared: it needs a key that every clone and worktree of one repository agrees on
// and unrelated repositories never share: the hash of the repository's first commit, following
// first parents from HEAD (merging in another history does not change it). A SQLite file is one
// repository's (its .baton/baton.db, which the runner's task worktrees use too) and needs no
// key (''). `store.project` in the config overrides both; it is how two repositories would share
// one SQLite file without mixing, or how two repositories choose to share one project.
// BATON_PROJECT overrides that in turn, as BATON_DATABASE_URL does store.url: `baton run` hands
// both to the agent sessions it starts in task worktrees, whose hooks must use the run's project
// even where the worktree has no copy of an uncommitted config.
//
// Computing it runs git once; the answer is cached in the repository's git directory (the
// common one, which every worktree shares) as `baton-project`, so the hooks, which start on
// every tool call, read one small file instead of starting git.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors.ts';
import { writeFileAtomically } from './atomic-write.ts';
import { tryGit } from './git.ts';
import { chosenProjectKey } from './project-choice.ts';

/** The cache file's name in the git common directory. */
export const projectKeyCacheName = 'baton-project';

const commitHash = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The project key for a repository using the store at `storeUrl` (already resolved: a
 * postgres:// URL or an absolute file path).
 */
export function projectKey(
  repositoryRoot: string,
  storeUrl: string,
  configuredProject?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return chosenProjectKey(storeUrl, configuredProject, env) ?? firstCommitKey(repositoryRoot);
}

/** The first commit's hash: from the cache when it is there, else from git (and then cached). */
export function firstCommitKey(repositoryRoot: string): string {
  const cache = cacheFile(repositoryRoot);
  if (cache) {
    try {
      const cached = readFileSync(cache, 'utf8').trim();
      if (commitHash.test(cached)) return cached;
    } catch {
      // Not cached yet.
    }
  }
  // A shallow clone's oldest commit is not the first one: its key would differ from every full
  // clone's, silently splitting one repository's claims in two.
  if (tryGit(repositoryRoot, ['rev-parse', '--is-shallow-repository']) === 'true') {
    throw new BatonError(
      'STORE_UNAVAILABLE',
      "this is a shallow clone: it lacks the repository's first commit, which keeps its data apart in a shared store",
      {
        hint: 'Fetch the whole history (git fetch --unshallow), or set store.project in .baton/config.yaml (or BATON_PROJECT).',
        data: { repository: repositoryRoot },
      },
    );
  }
  // --first-parent: the repository's own first commit, even after unrelated histories were merged in.
  const roots = tryGit(repositoryRoot, ['rev-list', '--first-parent', '--max-parents=0', 'HEAD']);
  const key = roots?.split('\n').at(-1)?.trim();
  if (!key || !commitHash.test(key)) {
    throw new BatonError(
      'STORE_UNAVAILABLE',
      'this repository has no commit yet, so baton cannot tell its data apart from other repositories in a shared store',
      {
        hint: "Commit once (git commit --allow-empty -m 'first commit'), or set store.project in .baton/config.yaml.",
        data: { repository: repositoryRoot },
      },
    );
  }
  if (cache) {
    try {
      // Written whole, then renamed: a reader never sees half a key.
      writeFileAtomically(cache, `${key}\n`);
    } catch {
      // A read-only git directory: the key is computed again next time, nothing worse.
    }
  }
  return key;
}

/**
 * `<git common dir>/baton-project`, found without starting git: `.git` is the folder in a main
 * checkout; in a linked worktree it is a file naming the worktree's git folder, whose `commondir`
 * names the shared one. Undefined when the layout is something else (then nothing is cached).
 */
export function cacheFile(repositoryRoot: string): string | undefined {
  const dotGit = path.join(repositoryRoot, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return path.join(dotGit, projectKeyCacheName);
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    if (!pointer) return undefined;
    const gitDirectory = path.resolve(repositoryRoot, pointer);
    let common = gitDirectory;
    try {
      common = path.resolve(gitDirectory, readFileSync(path.join(gitDirectory, 'commondir'), 'utf8').trim());
    } catch {
      // A separate git dir (git init --separate-git-dir): it is the common one.
    }
    return statSync(common).isDirectory() ? path.join(common, projectKeyCacheName) : undefined;
  } catch {
    return undefined;
  }
}
