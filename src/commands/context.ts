// What most commands need: the repository, its configuration and (lazily) its store.
// Nothing heavy loads here: the configuration comes through the per-user cache of validated
// configs, and the store's SQL library loads only when a command opens the store.
import path from 'node:path';
import { loadConfigCached } from '../config/cached-config.ts';
import type { Config } from '../config/config-schema.ts';
import type { Store, StoreOptions } from '../store/store.ts';
import { resolveStoreUrl } from '../store/store-location.ts';
import { chosenProjectKey } from '../workspace/project-choice.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';

export interface CommandContext {
  repositoryRoot: string;
  config: Config;
  /** Absolute path of the plans folder. */
  plansDir: string;
  /**
   * Where the store is (and, on Postgres, its schema) and this repository's project key in it,
   * for `store()` and the fast read paths. A key that cannot be had (a repository without a
   * commit, on Postgres) is an error only for the commands that use the store: reading this throws it.
   */
  readonly storeOptions: StoreOptions;
  /** Opens the store on first use; `close()` closes it if it was opened. */
  store(): Promise<Store>;
  close(): Promise<void>;
}

export async function createContext(cwd: string = process.cwd()): Promise<CommandContext> {
  const repositoryRoot = requireRepositoryRoot(cwd);
  const config = await loadConfigCached(repositoryRoot);
  const url = resolveStoreUrl(repositoryRoot, config.store.url);
  // The git module loads only when the key must come from the first commit (Postgres, no
  // configured key); then it is a cached file read after the first time.
  let project = chosenProjectKey(url, config.store.project, process.env);
  let projectProblem: unknown;
  if (project === undefined) {
    const { projectKey } = await import('../workspace/project-key.ts');
    try {
      project = projectKey(repositoryRoot, url, config.store.project);
    } catch (error) {
      projectProblem = error;
    }
  }
  const resolveStoreOptions = (): StoreOptions => {
    if (project === undefined) throw projectProblem;
    return { url, schema: process.env.BATON_DATABASE_SCHEMA || undefined, project };
  };
  let opened: Promise<Store> | undefined;
  return {
    repositoryRoot,
    config,
    plansDir: path.resolve(repositoryRoot, config.plans.dir),
    get storeOptions() {
      return resolveStoreOptions();
    },
    store() {
      opened ??= (async () => {
        const options = resolveStoreOptions();
        const { openStore } = await import('../store/store.ts');
        return openStore(options);
      })();
      return opened;
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
}

/** Runs `work` with a context and always closes the store, even when `work` throws. */
export async function withContext<Result>(
  work: (context: CommandContext) => Promise<Result>,
): Promise<Result> {
  const context = await createContext();
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
