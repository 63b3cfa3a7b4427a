// The contract every backend kind is made from: the role's choice (a descriptor, from
// src/agents/select-backend.ts), what the run hands the backend (the context) and the factory
// that turns the two into a Backend. Its own file so the kinds and the loader that picks one
// import it without importing each other.
import type { RoleConfig } from '../../config/agents-schema.ts';
import type { SandboxPolicy } from '../../workspace/sandbox/confinement.ts';
import type { Backend, BackendKind, Role } from '../backend.ts';

export interface BackendDescriptor {
  role: Role;
  kind: BackendKind;
  settings: RoleConfig;
  source: 'flag' | 'config' | 'detected';
  /** One line: what was chosen and why. */
  reason: string;
}

export interface BackendContext {
  repositoryRoot: string;
  /** The environment the backend's processes start from. Default: this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The store the agent's hooks should write to (BATON_DATABASE_URL for Claude Code), when it is
   * not the default one of the directory the agent runs in (a task worktree).
   */
  storeUrl?: string;
  /** The run's project key in that store (BATON_PROJECT), so the hooks keep to the run's rows. */
  storeProject?: string;
  /** The `sandbox` setting and where a warning about an unconfined agent goes. Default: auto. */
  sandbox?: SandboxPolicy;
  /** The longest a call may run when the role sets no timeout. Default 30 minutes. */
  defaultTimeoutMs?: number;
}

export type BackendFactory = (
  descriptor: BackendDescriptor,
  context: BackendContext,
) => Backend | Promise<Backend>;
