// What a hook handler works with: the repository, its configuration, the instance (if any), the
// role rules, and the store, opened only when the handler needs it. Tests build one directly
// and call the handlers with payloads; `baton hook` builds one from the environment.

import type { HookResult } from '../../claude-code/hook-answers.ts';
import type { Config } from '../../config/config-schema.ts';
import { resolveInstance } from '../../core/instance.ts';
import type { Store } from '../../store/store.ts';
import { isPostgresUrl, resolveStoreUrl } from '../../store/store-location.ts';
import { chosenProjectKey } from '../../workspace/project-choice.ts';
import { type EditGate, openSqliteEditGate, storeEditGate } from './edit-gate.ts';
import { type RoleRules, roleRulesFromEnv } from './roles.ts';

export interface HookContext {
  repositoryRoot: string;
  config: Config;
  env: Readonly<Record<string, string | undefined>>;
  /** BATON_INSTANCE / CLAUDE_INSTANCE; undefined when unset (or not a valid id: see `notes`). */
  instance: string | undefined;
  /**
   * Set when this session named an instance it may not act as (a runner's instance from a session
   * baton did not start for it: session-binding.ts); `instance` is then undefined.
   */
  instanceRefusal?: { instance: string; reason: string };
  roles: RoleRules;
  /** Problems worth logging that do not stop the handler. */
  notes: string[];
  /**
   * A decision already taken (a deny) while the handler still records it: answered even when
   * the handler then fails or runs into the time-out.
   */
  decision?: HookResult;
  /** The full store (Kysely), opened on first use. */
  store(): Promise<Store>;
  /** The edit gate, fast on SQLite; opened on first use. */
  editGate(): Promise<EditGate>;
  close(): Promise<void>;
}

export interface HookContextOptions {
  repositoryRoot: string;
  config: Config;
  env?: Readonly<Record<string, string | undefined>>;
}

export function createHookContext(options: HookContextOptions): HookContext {
  const env = options.env ?? process.env;
  const notes: string[] = [];
  let instance: string | undefined;
  try {
    instance = resolveInstance({ env });
  } catch (error) {
    notes.push(`${(error as Error).message}; acting without an instance`);
  }
  const url = resolveStoreUrl(options.repositoryRoot, options.config.store.url, env);
  // The repository's key in the store: decided without git or files in the common cases (a
  // SQLite store, a configured key); else the first commit's, a cached file read at most.
  const chosen = chosenProjectKey(url, options.config.store.project, env);
  const project = async () =>
    chosen ??
    (await import('../../workspace/project-key.ts')).projectKey(
      options.repositoryRoot,
      url,
      options.config.store.project,
      env,
    );
  let opened: Promise<Store> | undefined;
  let gate: Promise<EditGate> | undefined;
  const store = () => {
    opened ??= Promise.all([import('../../store/store.ts'), project()]).then(([{ openStore }, key]) =>
      openStore({ url, schema: env.BATON_DATABASE_SCHEMA || undefined, project: key }),
    );
    return opened;
  };
  return {
    repositoryRoot: options.repositoryRoot,
    config: options.config,
    env,
    instance,
    roles: roleRulesFromEnv(env),
    notes,
    store,
    editGate() {
      gate ??= (async () => {
        const busyTimeoutMs = Math.max(100, Math.floor(options.config.hooks.timeout_ms * 0.6));
        const fast = isPostgresUrl(url)
          ? undefined
          : await openSqliteEditGate(url, busyTimeoutMs, await project());
        return fast ?? storeEditGate(await store());
      })();
      return gate;
    },
    async close() {
      const closing: Array<Promise<void>> = [];
      if (gate) closing.push(gate.then((opened) => opened.close()));
      if (opened) closing.push(opened.then((opened) => opened.close()));
      await Promise.allSettled(closing);
    },
  };
}
