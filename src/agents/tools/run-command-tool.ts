// run_command: a shell command in the working directory, with a time-out and an output cap.
// The executor may run anything there (it is its own worktree); the reviewer only the plan's
// verify commands. That first line confines what is run; what a command does once running is
// confined by bubblewrap where the `sandbox` setting and the machine allow (workspace/sandbox/):
// the working directory writable, git's and baton's files and the rest of the file system
// read-only, a private /tmp. Unconfined (sandbox: off, or auto without bubblewrap), a command
// can touch anything the user running baton can.

import { z } from 'zod';
import { agentEnvironment } from '../../core/people/person-only.ts';
import { environmentWithoutSecrets } from '../../core/secrets/secrets.ts';
import { type CommandResult, defaultCommandTimeoutMs, runCommand } from '../../workspace/run-command.ts';
import { confinedCommandLine } from '../../workspace/sandbox/confine-command.ts';
import { checkVerifyCommand } from './permissions.ts';
import { type RefusalDraft, refuse } from './refusal.ts';
import { defineTool } from './tool.ts';

export type RunCommandOutput = CommandResult;

export const runCommandTool = defineTool({
  name: 'run_command',
  description:
    'Run a shell command (bash) in the working directory and get its exit code and output (long output is cut in the middle). Optionally a shorter time-out in milliseconds.',
  inputSchema: z.object({
    command: z.string().min(1),
    timeoutMs: z.number().int().min(1).optional(),
  }),
  async execute(input, context): Promise<RunCommandOutput | RefusalDraft> {
    if (context.role === 'reviewer') {
      const refusal = checkVerifyCommand(input.command, context.verifyCommands);
      if (refusal) return refusal;
    }
    const settings = context.runCommand;
    const longest = settings.timeoutMs ?? defaultCommandTimeoutMs;
    try {
      // The agent marker last: a person's commands refuse to run for the model's commands.
      const env = { ...(settings.env ?? environmentWithoutSecrets(process.env)), ...agentEnvironment };
      const command = confinedCommandLine(settings.confinement, {
        // `exit $?` after it: bash would otherwise exec a lone command in place of itself, and a
        // command that drops the marker (`env -u BATON_AGENT baton approve …`) would have no
        // marked shell above it for a person's command to find (workspace/people/person-process.ts).
        command: `${input.command}\nexit $?`,
        workdir: context.sandbox.root,
        ...(env.HOME ? { visible: [env.HOME] } : {}),
      });
      return await runCommand(command, {
        cwd: context.sandbox.root,
        timeoutMs: Math.min(input.timeoutMs ?? longest, longest),
        outputCapBytes: settings.outputCapBytes,
        env,
        signal: settings.signal,
      });
    } catch (error) {
      return refuse('IO_FAILED', `The command could not be started: ${(error as Error).message}`, {
        command: input.command,
      });
    }
  },
});
