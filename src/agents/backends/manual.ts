// The `manual` backend: a person (or any tool) does the work from the BUILD file (seed 002).
// As executor it does nothing but say where the instructions are and which worktree to work
// in: the task waits, blocked on a person (the worktree is kept), until
// `baton submit <plan> <task> --dir <worktree>` approves the work; the next `baton run`
// merges it. As reviewer inside `baton run` it is never called: the runner hands the review to a
// person itself (a REVIEW file, then `baton score`; src/runner/review-handoff.ts). `baton review`,
// `baton submit` and `baton plan` need another backend.
import { BatonError } from '../../errors.ts';
import type { Backend, ExecuteOutcome, ExecuteRequest } from '../backend.ts';
import type { BackendContext, BackendDescriptor } from './backend-context.ts';

export function createManualBackend(descriptor: BackendDescriptor, _context: BackendContext): Backend {
  const unsupported = (what: 'review' | 'plan') =>
    new BatonError('BACKEND_UNAVAILABLE', `the manual backend cannot ${what} here`, {
      exitCode: 3,
      hint:
        what === 'review'
          ? 'Inside baton run, --reviewer manual hands each review to a person (a REVIEW file, then baton score). Here, name a reviewer that answers at once (claude-code, codex, command:<cmd>).'
          : `Write the plan yourself (baton new <id>), or set another backend for the ${descriptor.role} (claude-code, codex, command:<cmd>).`,
    });
  return {
    kind: 'manual',
    description: 'manual (a person, through a BUILD file)',
    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      return {
        status: 'blocked',
        reason: `handed off to a person: the instructions are in ${request.buildFile}; do the work in ${request.workdir}, then run baton submit ${request.planId} ${request.task.id} --dir ${request.workdir} (and baton run ${request.planId} again to merge it)`,
      };
    },
    async review() {
      throw unsupported('review');
    },
    async plan() {
      throw unsupported('plan');
    },
  };
}
