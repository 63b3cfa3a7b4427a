// Making a backend from a descriptor (src/agents/select-backend.ts). Each kind's module is
// loaded only when used: the `model` backend's AI SDK providers are imported by the first
// role that uses it, never by a command that does not.
import { BatonError } from '../../errors.ts';
import type { Backend, BackendKind } from '../backend.ts';
import type { BackendContext, BackendDescriptor, BackendFactory } from './backend-context.ts';

const factories: Partial<Record<BackendKind, () => Promise<BackendFactory>>> = {
  command: async () => (await import('./command.ts')).createCommandBackend,
  'claude-code': async () => (await import('./claude-code.ts')).createClaudeCodeBackend,
  codex: async () => (await import('./codex.ts')).createCodexBackend,
  manual: async () => (await import('./manual.ts')).createManualBackend,
  model: async () => (await import('./model-backend.ts')).createModelBackend,
};

/** Registers (or replaces) the factory of a kind (a test's stand-in, say). */
export function registerBackendFactory(kind: BackendKind, factory: BackendFactory): void {
  factories[kind] = async () => factory;
}

export async function createBackend(
  descriptor: BackendDescriptor,
  context: BackendContext,
): Promise<Backend> {
  const load = factories[descriptor.kind];
  if (!load) {
    throw new BatonError('BACKEND_UNAVAILABLE', `no backend of kind ${descriptor.kind}`, {
      exitCode: 3,
      hint: `Use another backend for the ${descriptor.role} for now: --${descriptor.role} claude-code, codex, command:<cmd> or manual (or roles.${descriptor.role} in .baton/config.yaml).`,
      data: { role: descriptor.role, kind: descriptor.kind },
    });
  }
  return (await load())(descriptor, context);
}
