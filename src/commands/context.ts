// What most commands need: the repository, its configuration and (lazily) its store.
// Nothing heavy loads here: the configuration comes through the per-user cache of validated
// configs, and the store's SQL library loads only when a command opens the store.
import path from 'node:path';
import { loadConfigCached } from '../config-cache.ts';
import type { Config } from '../config-schema.ts';
import type { Store, StoreOptions } from '../store/store.ts';
import { resolveStoreUrl } from '../store/store-location.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';

export interface CommandContext {
  repositoryRoot: string;
  config: Config;
  /** Absolute path of the plans folder. */
  plansDir: string;
  /** Where the store is (and, on Postgres, its schema), for `store()` and the fast read paths. */
  storeOptions: StoreOptions;
  /** Opens the store on first use; `close()` closes it if it was opened. */
  store(): Promise<Store>;
  close(): Promise<void>;
}

export async function createContext(cwd: string = process.cwd()): Promise<CommandContext> {
  const repositoryRoot = requireRepositoryRoot(cwd);
  const config = await loadConfigCached(repositoryRoot);
  const storeOptions: StoreOptions = {
    url: resolveStoreUrl(repositoryRoot, config.store.url),
    schema: process.env.BATON_DATABASE_SCHEMA || undefined,
  };
  let opened: Promise<Store> | undefined;
  return {
    repositoryRoot,
    config,
    plansDir: path.resolve(repositoryRoot, config.plans.dir),
    storeOptions,
    store() {
      opened ??= import('../store/store.ts').then(({ openStore }) => openStore(storeOptions));
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
