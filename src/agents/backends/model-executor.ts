// The `model` backend's executor: root = the task's worktree; read tools, write_file/edit_file
// inside the task's declared files only, run_command; ends with finish or report_blocked. A
// failed model call is a failed round (an outcome), not a throw.
import { readFileSync } from 'node:fs';
import { isBatonError } from '../../errors.ts';
import type { ExecuteOutcome, ExecuteRequest } from '../backend.ts';
import { blockedReason } from '../prompts.ts';
import { createToolset } from '../tools/toolset.ts';
import type { WithModelHooks } from './model-hooks.ts';
import { runToolLoop, type ToolLoopResult } from './model-loop.ts';
import { executorInstructions, executorMessage } from './model-prompts.ts';
import type { ModelSession } from './model-session.ts';
import { aiTools } from './model-tools.ts';

function readOptional(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function modelExecute(
  session: ModelSession,
  request: WithModelHooks<ExecuteRequest>,
): Promise<ExecuteOutcome> {
  const { confinement, scrub } = session;
  const build = readOptional(request.buildFile);
  if (build === undefined) return { status: 'failed', reason: `cannot read ${request.buildFile}` };
  const feedback = readOptional(request.feedbackFile);
  const toolset = createToolset({
    role: 'executor',
    root: request.workdir,
    taskFiles: request.task.files,
    runCommandOptions: { signal: request.signal, ...(confinement ? { confinement } : {}) },
    ...(request.onRefusal ? { onRefusal: request.onRefusal } : {}),
  });
  let result: ToolLoopResult<string>;
  try {
    result = await runToolLoop({
      call: session.caller(executorInstructions, request),
      toolset,
      tools: aiTools(toolset),
      messages: [{ role: 'user', content: executorMessage(request, build, feedback) }],
      maxSteps: session.maxSteps.executor,
      signal: request.signal,
    });
  } catch (error) {
    const failed = session.failure('executor', error, request.signal);
    if (isBatonError(failed) && failed.code === 'BACKEND_FAILED')
      return { status: 'failed', reason: failed.message };
    throw failed;
  }
  if (result.kind === 'ended') {
    return result.outcome.status === 'finished'
      ? { status: 'finished', summary: scrub(result.outcome.summary) }
      : { status: 'blocked', reason: scrub(result.outcome.reason) };
  }
  if (result.kind === 'answer') {
    const blocked = blockedReason(result.text);
    if (blocked) return { status: 'blocked', reason: scrub(blocked) };
    return result.text.trim() === ''
      ? { status: 'finished' }
      : { status: 'finished', summary: scrub(result.text.trim()) };
  }
  return {
    status: 'failed',
    reason: `the executor did not finish within ${result.steps} model calls`,
  };
}
