// The `manual` backend: a person (or any tool) does the work from the BUILD file (seed 002).
// As executor it does nothing but say where the instructions are: the task waits, blocked on
// a person, until `baton submit <plan> <task>` says the work is in place. A person does not
// review or plan through this interface: `baton review` and `baton plan` need another backend.
import { BatonError } from '../../errors.ts';
import type { Backend, ExecuteOutcome, ExecuteRequest } from '../backend.ts';
import type { BackendDescriptor } from '../select-backend.ts';
import type { BackendContext } from './index.ts';

export function createManualBackend(descriptor: BackendDescriptor, _context: BackendContext): Backend {
  const unsupported = (what: string) =>
    new BatonError('BACKEND_UNAVAILABLE', `the manual backend cannot ${what}`, {
      exitCode: 3,
      hint: `A person's verdict is their own; for baton to ${what}, set another backend for the ${descriptor.role} (claude-code, codex, command:<cmd>).`,
    });
  return {
    kind: 'manual',
    description: 'manual (a person, through a BUILD file)',
    async execute(request: ExecuteRequest): Promise<ExecuteOutcome> {
      return {
        status: 'blocked',
        reason: `handed off to a person: the instructions are in ${request.buildFile}; when the work is in place, run baton submit ${request.planId} ${request.task.id}`,
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
