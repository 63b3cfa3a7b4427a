// The `sandbox` setting as the backends take it: the mode, the store to keep read-only, and a
// warning for an agent started unconfined under `auto` that is said loudly — a line on stderr
// and a `sandbox-unconfined` event in the store, so the history shows the run was not confined.
import type { Config } from '../config/config-schema.ts';
import { appendEvent } from '../store/event-log.ts';
import { resolveStoreUrl, type Store } from '../store/store.ts';
import {
  type SandboxPolicy,
  type UnconfinedWarning,
  warnOnStderr,
} from '../workspace/sandbox/confinement.ts';

export interface SandboxPolicyOptions {
  config: Partial<Pick<Config, 'sandbox' | 'store'>>;
  repositoryRoot: string;
  /** Where the warning is recorded; without one, stderr only. */
  store?: Store;
  instance?: string;
  planId?: string;
}

export function sandboxPolicy(options: SandboxPolicyOptions): SandboxPolicy {
  const { store } = options;
  const pending: Array<Promise<unknown>> = [];
  return {
    settled: async () => {
      await Promise.all(pending);
    },
    mode: options.config.sandbox ?? 'auto',
    storeUrl: resolveStoreUrl(options.repositoryRoot, options.config.store?.url),
    onUnconfined(warning: UnconfinedWarning) {
      warnOnStderr(warning);
      if (!store) return;
      const recorded = appendEvent(store, {
        kind: 'sandbox-unconfined',
        instance: options.instance ?? null,
        planId: options.planId ?? null,
        summary: warning.message,
        data: { subject: warning.subject, missing: warning.missing, fix: warning.fix ?? null },
      }).catch((error: unknown) => {
        process.stderr.write(`baton: warning: could not record the warning: ${(error as Error).message}\n`);
      });
      pending.push(recorded);
    },
  };
}
