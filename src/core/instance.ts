// Which working session ("instance" A, B, …) a command acts for. The id comes from the
// environment first, because an agent session inherits it from the terminal it was started in;
// the flag is for a person running baton by hand. Nothing is ever written under a made-up id.
import { BatonError } from '../errors.ts';

export interface InstanceSources {
  env?: Readonly<Record<string, string | undefined>>;
  /** The `--instance` flag, when given. */
  flag?: string | undefined;
}

// Long enough for a runner's own instances, `run.<plan>.<task>.review`, with a long plan id.
const instancePattern = /^[A-Za-z0-9._-]{1,128}$/;

/** Letters, digits, `.`, `_`, `-`; 1 to 128 characters. */
export function isValidInstanceId(value: string): boolean {
  return instancePattern.test(value);
}

/** BATON_INSTANCE, else CLAUDE_INSTANCE (seed 001's name), else the flag; undefined when none is set. */
export function resolveInstance({ env = process.env, flag }: InstanceSources = {}): string | undefined {
  const candidates: Array<[source: string, value: string | undefined]> = [
    ['BATON_INSTANCE', env.BATON_INSTANCE],
    ['CLAUDE_INSTANCE', env.CLAUDE_INSTANCE],
    ['--instance', flag],
  ];
  for (const [source, raw] of candidates) {
    const value = raw?.trim();
    if (!value) continue;
    if (!isValidInstanceId(value)) {
      throw new BatonError('USAGE', `${source}: invalid instance id "${value}"`, {
        hint: 'An instance id is 1 to 128 letters, digits, ".", "_" or "-", such as A or feature-1.',
      });
    }
    return value;
  }
  return undefined;
}

/** Like resolveInstance, but a command that acts as an instance cannot go on without one. */
export function requireInstance(sources: InstanceSources = {}): string {
  const instance = resolveInstance(sources);
  if (instance === undefined) {
    throw new BatonError(
      'INSTANCE_MISSING',
      'no instance id (shows as ?): set BATON_INSTANCE=A (or CLAUDE_INSTANCE) or pass --instance A',
      { hint: 'Each working session needs its own id, e.g. `export BATON_INSTANCE=A` in its terminal.' },
    );
  }
  return instance;
}

/**
 * Instances named `run.…` belong to `baton run`: `run.<plan>.<task>` is a task's executor (its
 * claims and its Claude Code session), `run.<plan>.<task>.review` its reviewer. The hooks accept
 * such an instance only from the session baton started for it (src/store/session-bindings.ts).
 */
export const runInstancePrefix = 'run.';

export const taskInstance = (planId: string, taskId: string): string =>
  `${runInstancePrefix}${planId}.${taskId}`;

export const taskReviewInstance = (planId: string, taskId: string): string =>
  `${taskInstance(planId, taskId)}.review`;

/** Whether `instance` is one `baton run` names and binds to the sessions it starts. */
export function isRunInstance(instance: string): boolean {
  return instance.startsWith(runInstancePrefix);
}
