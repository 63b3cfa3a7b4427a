// What most commands need: the repository, its configuration and (lazily) its store.
// Nothing heavy loads here: the configuration comes through the per-user cache of validated
// configs, and the store's SQL library loads only when a command opens the store.
import path from 'node:path';
import { loadConfigCached } from '../config-cache.ts';
import type { Config } from '../config-schema.ts';
import type { Store, StoreOptions } from '../store/store.ts';
import { resolveStoreUrl } from '../store/store-location.ts';
import { projectKey } from '../workspace/project-key.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';

export interface CommandContext {
  repositoryRoot: string;
  config: Config;
  /** Absolute path of the plans folder. */
  plansDir: string;
  /**
   * Where the store is (and, on Postgres, its schema) and this repository's project key in it,
   * for `store()` and the fast read paths. Worked out on first use: a repository without a
   * commit gets its error (shared stores only) from the commands that use the store.
   */
  readonly storeOptions: StoreOptions;
  /** Opens the store on first use; `close()` closes it if it was opened. */
  store(): Promise<Store>;
  close(): Promise<void>;
}

export async function createContext(cwd: string = process.cwd()): Promise<CommandContext> {
  const repositoryRoot = requireRepositoryRoot(cwd);
  const config = await loadConfigCached(repositoryRoot);
  let storeOptions: StoreOptions | undefined;
  const resolveStoreOptions = (): StoreOptions => {
    if (storeOptions) return storeOptions;
    const url = resolveStoreUrl(repositoryRoot, config.store.url);
    storeOptions = {
      url,
      schema: process.env.BATON_DATABASE_SCHEMA || undefined,
      project: projectKey(repositoryRoot, url, config.store.project),
    };
    return storeOptions;
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
