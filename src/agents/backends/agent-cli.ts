// What the agent CLI backends (claude-code, codex) have in common: a role's call is one run of
// the CLI with the prompt on stdin, in the task's directory, its JSON lines read as they come.
// The usage is recorded even when the run failed or was aborted (it was paid for), and whatever
// the CLI said is scrubbed of secrets before baton keeps or shows it. Each CLI brings what is its
// own: its arguments, how it reports events, and how its end is read.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoleConfig } from '../../config/agents-schema.ts';
import { agentEnvironment } from '../../core/people/person-only.ts';
import { scrubSecrets } from '../../core/secrets/secrets.ts';
import { BatonError } from '../../errors.ts';
import type { StartedProcess } from '../../workspace/process-group.ts';
import type { Backend, Role, Usage, UsageSink } from '../backend.ts';
import { abortError } from '../call-retry.ts';
import { blockedReason, executorPrompt, plannerPrompt, reviewerPrompt, unwrapMarkdown } from '../prompts.ts';
import { type AgentProcessResult, runAgentProcess } from './agent-process.ts';
import type { BackendContext } from './backend-context.ts';
import { roleTimeoutMs } from './timeout.ts';

type AgentCliConfig = Extract<RoleConfig, { backend: 'claude-code' | 'codex' }>;

/** How a run ended, read from the CLI's events and its exit; the helper scrubs the text. */
export interface AgentCliOutcome {
  /** The agent's answer (the summary, the judge's answer, the plan). */
  text: string;
  isError: boolean;
  /** Why it failed, for a failed round or an error; '' when nothing says why. */
  reason: string;
  /** Said right after "failed" in an error, e.g. " with exit code 2". */
  failedHow?: string;
}

export interface AgentCli<State> {
  kind: 'claude-code' | 'codex';
  /** The CLI's name in messages: "Claude Code". */
  name: string;
  settings: AgentCliConfig;
  /** The executable when the role names none. */
  defaultCommand: string;
  /** The hint of the error when the CLI cannot be started. */
  installHint: string;
  /** What an error says when the CLI gave nothing: "no result". */
  noAnswer: string;
  /** The CLI's arguments; `scratch` is the run's private temporary folder when it has one. */
  arguments(role: Role, cwd: string, scratch?: string): string[];
  /**
   * Roles whose runs get a private temporary folder (TMPDIR), removed after the run: for a CLI
   * whose sandbox would otherwise let them write the shared temporary folders.
   */
  scratchFor?: ReadonlySet<Role>;
  /** Variables every run gets besides BATON_ROLE and the request's. */
  env?: Record<string, string | undefined>;
  /** BATON_TASK_FILES as the CLI's side reads it. */
  taskFiles(files: readonly string[]): string;
  /**
   * The CLI's option that names the session (`--session-id`): a run under an instance gets a new
   * id, bound to the instance through the request's `bindSession` before the run starts.
   */
  sessionIdOption?: string;
  newState(): State;
  readLine(state: State, line: string): void;
  usage(state: State): Usage | undefined;
  outcome(state: State, result: AgentProcessResult, timeoutMs: number): AgentCliOutcome;
}

interface AgentCliRun {
  role: Role;
  cwd: string;
  prompt: string;
  env: Record<string, string | undefined>;
  /** The instance the run acts as (BATON_INSTANCE); its session is bound to it. */
  instance?: string;
}

/** What every request carries for a run: how to stop it, where its usage goes. */
interface RunControl {
  signal: AbortSignal;
  onUsage?: UsageSink;
  onProcess?: (started: StartedProcess) => void;
  bindSession?: (sessionId: string) => Promise<void>;
}

export function createAgentCliBackend<State>(cli: AgentCli<State>, context: BackendContext): Backend {
  const { settings } = cli;
  const timeoutMs = roleTimeoutMs(settings.timeout, context.defaultTimeoutMs);
  const baseEnv = context.env ?? process.env;
  const executable = settings.command ?? cli.defaultCommand;
  const scrub = (text: string) => scrubSecrets(text, baseEnv);

  async function run(control: RunControl, options: AgentCliRun): Promise<AgentCliOutcome> {
    const state = cli.newState();
    const session = await bindNewSession(control, options);
    const scratch = cli.scratchFor?.has(options.role)
      ? realpathSync(mkdtempSync(path.join(tmpdir(), `baton-${cli.kind}-`)))
      : undefined;
    let result: AgentProcessResult;
    try {
      result = await runAgentProcess({
        command: executable,
        args: [...cli.arguments(options.role, options.cwd, scratch), ...session],
        cwd: options.cwd,
        env: {
          ...baseEnv,
          BATON_ROLE: options.role,
          ...cli.env,
          ...options.env,
          ...(options.instance ? { BATON_INSTANCE: options.instance } : {}),
          ...(scratch ? { TMPDIR: scratch } : {}),
          // Last, so nothing a role's settings say can take it off: a person's commands refuse.
          ...agentEnvironment,
        },
        input: options.prompt,
        timeoutMs,
        signal: control.signal,
        ...(control.onProcess ? { onSpawn: control.onProcess } : {}),
        onLine: (line) => cli.readLine(state, line),
      });
    } catch (error) {
      throw new BatonError(
        'BACKEND_UNAVAILABLE',
        `could not start ${executable}: ${(error as Error).message}`,
        { exitCode: 3, hint: cli.installHint },
      );
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
    const usage = cli.usage(state);
    if (usage) await control.onUsage?.(usage);
    if (result.aborted) throw abortError(control.signal);
    const outcome = cli.outcome(state, result, timeoutMs);
    return { ...outcome, text: scrub(outcome.text), reason: scrub(outcome.reason) };
  }

  /**
   * A run under an instance gets a session id of its own, bound to the instance before the run
   * starts (the hooks accept the instance only from that session): the CLI's arguments naming it.
   */
  async function bindNewSession(control: RunControl, options: AgentCliRun): Promise<string[]> {
    if (!cli.sessionIdOption || !options.instance || !control.bindSession) return [];
    const sessionId = randomUUID();
    await control.bindSession(sessionId);
    return [cli.sessionIdOption, sessionId];
  }

  /** The reviewer's or the planner's answer; a failed run is an error. */
  async function answer(control: RunControl, options: AgentCliRun): Promise<string> {
    const outcome = await run(control, options);
    if (outcome.isError) {
      throw new BatonError(
        'BACKEND_FAILED',
        `${cli.name} (${options.role}) failed${outcome.failedHow ?? ''}: ${outcome.reason || cli.noAnswer}`,
      );
    }
    return outcome.text;
  }

  return {
    kind: cli.kind,
    runsAsProcess: true,
    description: settings.model ? `${cli.kind} (${settings.model})` : cli.kind,

    async execute(request) {
      const outcome = await run(request, {
        role: 'executor',
        cwd: request.workdir,
        prompt: executorPrompt(request),
        env: {
          BATON_PLAN: request.planId,
          BATON_TASK: request.task.id,
          BATON_TASK_FILES: cli.taskFiles(request.task.files),
        },
        instance: request.instance,
      });
      const blocked = blockedReason(outcome.text);
      if (blocked) return { status: 'blocked', reason: blocked };
      if (outcome.isError)
        return { status: 'failed', reason: outcome.reason || `${cli.name} gave ${cli.noAnswer}` };
      return { status: 'finished', summary: outcome.text };
    },

    async review(request) {
      const text = await answer(request, {
        role: 'reviewer',
        cwd: request.workdir,
        prompt: reviewerPrompt(request),
        env: { BATON_PLAN: request.planId, BATON_TASK: request.task.id },
        instance: request.instance,
      });
      return { text };
    },

    async plan(request) {
      const text = await answer(request, {
        role: 'planner',
        cwd: request.repositoryRoot,
        prompt: plannerPrompt(request),
        env: { BATON_PLAN: request.planId },
      });
      return unwrapMarkdown(text);
    },
  };
}
