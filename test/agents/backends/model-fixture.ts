// Shared by the model backend tests: a model backend made the way `createBackend` makes it,
// pointed at a fake server through the environment, with retries that never sleep.
import type { Backend, Role } from '../../../src/agents/backend.ts';
import { createModelBackend, type ModelBackendOptions } from '../../../src/agents/backends/model.ts';
import type { InterviewingBackend } from '../../../src/agents/backends/model-hooks.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';

export const anthropicKey = 'sk-ant-test-0123456789abcdefghij';
export const openaiKey = 'sk-test-openai-0123456789abcdefghij';

export interface FakeBackendOptions extends ModelBackendOptions {
  role: Role;
  model: string;
  repositoryRoot: string;
  env: Record<string, string | undefined>;
  /** Delays withRetry asked for (never slept). */
  delays?: number[];
}

export async function fakeModelBackend(options: FakeBackendOptions): Promise<Backend & InterviewingBackend> {
  const descriptor = await selectBackend({
    role: options.role,
    config: { roles: { [options.role]: { backend: 'model', model: options.model } } },
  });
  return createModelBackend(
    descriptor,
    { repositoryRoot: options.repositoryRoot, env: options.env },
    {
      stream: options.stream ?? true,
      retry: {
        sleep: async (milliseconds) => {
          options.delays?.push(milliseconds);
        },
        ...options.retry,
      },
      ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
    },
  );
}
