// The context plan commands share: repository, config, store, and the acting instance if any.
import { resolveInstance } from '../core/instance.ts';
import type { LifecycleContext } from '../plans/lifecycle.ts';
import { withContext } from './context.ts';

export async function withLifecycle<Result>(
  work: (context: LifecycleContext) => Promise<Result>,
): Promise<Result> {
  return withContext(async (context) => {
    const store = await context.store();
    return work({
      repositoryRoot: context.repositoryRoot,
      config: context.config,
      store,
      instance: resolveInstance() ?? undefined,
    });
  });
}
