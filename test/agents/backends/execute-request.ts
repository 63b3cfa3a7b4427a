// The executor request the agent CLI backend tests send: task T1 of the clean "greeting" plan,
// with the files given, in `workdir`; usage reports are collected.
import type { ExecuteRequest, Usage } from '../../../src/agents/backend.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { cleanPlanText } from '../../support/plans.ts';

const plan = parsePlan(cleanPlanText('greeting')).plan;

export function greetingRequest(
  workdir: string,
  files: string[],
  buildFile: string,
): { request: ExecuteRequest; usages: Usage[] } {
  const usages: Usage[] = [];
  const request: ExecuteRequest = {
    planId: 'greeting',
    plan,
    task: { ...plan.tasks[0]!, files },
    workdir,
    buildFile,
    round: 1,
    signal: new AbortController().signal,
    onUsage: (usage) => void usages.push(usage),
  };
  return { request, usages };
}
