// Shared by the model backend tests: a model backend made the way `createBackend` makes it,
// pointed at a fake server through the environment, with retries that never sleep; and a task
// worktree with its build file and the executor request for it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { Backend, ExecuteRequest, Role, Usage } from '../../../src/agents/backend.ts';
import { createModelBackend, type ModelBackendOptions } from '../../../src/agents/backends/model-backend.ts';
import type { InterviewingBackend } from '../../../src/agents/backends/model-hooks.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

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

const plan = parsePlan(cleanPlanText('greeting')).plan;

/** A repository with a worktree for task T1 of the greeting plan, and its build file. */
export function setUpWorktree(t: TestContext) {
  const repository = makeRepository(t);
  const worktree = path.join(makeTemporaryDirectory(t, 'baton-worktrees-'), 'T1');
  git(
    repository,
    'worktree',
    'add',
    '--quiet',
    '-b',
    `baton/greeting/T1-${path.basename(repository)}`,
    worktree,
  );
  const buildFile = path.join(makeTemporaryDirectory(t, 'baton-build-'), 'BUILD_T1.md');
  writeFileSync(buildFile, '# T1\n\nExport greet(name).\n');
  return { repository, worktree, buildFile };
}

export function executeRequest(
  worktree: string,
  buildFile: string,
  usages: Usage[],
  signal = new AbortController().signal,
): ExecuteRequest {
  return {
    planId: 'greeting',
    plan,
    task: plan.tasks[0]!,
    workdir: worktree,
    buildFile,
    round: 1,
    signal,
    onUsage: (usage) => void usages.push(usage),
  };
}
