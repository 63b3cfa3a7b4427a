// What most commands need: the repository, its configuration and (lazily) its store.
import path from 'node:path';
import { type Config, loadConfig } from '../config.ts';
import { openStore, resolveStoreUrl, type Store } from '../store/store.ts';
import { requireRepositoryRoot } from '../workspace/repository.ts';

export interface CommandContext {
  repositoryRoot: string;
  config: Config;
  /** Absolute path of the plans folder. */
  plansDir: string;
  /** Opens the store on first use; `close()` closes it if it was opened. */
  store(): Promise<Store>;
  close(): Promise<void>;
}

export function createContext(cwd: string = process.cwd()): CommandContext {
  const repositoryRoot = requireRepositoryRoot(cwd);
  const config = loadConfig(repositoryRoot);
  let opened: Promise<Store> | undefined;
  return {
    repositoryRoot,
    config,
    plansDir: path.resolve(repositoryRoot, config.plans.dir),
    store() {
      opened ??= openStore({
        url: resolveStoreUrl(repositoryRoot, config.store.url),
        schema: process.env.BATON_DATABASE_SCHEMA || undefined,
      });
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
  const context = createContext();
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
