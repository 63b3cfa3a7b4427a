// The command-line face. Commands are registered from small modules that import their heavy
// dependencies only when they run, so `baton --help` and the hook path start fast.
import { Command, CommanderError } from 'commander';
import { setExitCode, writeError } from './commands/output.ts';
import { BatonError, ExitCode, isBatonError } from './errors.ts';

type Registrar = (program: Command) => void;

// One entry per command module: the top-level commands it registers (test/cli.test.ts checks
// them) and how to load it. Only the module of the command being run is loaded, since every
// module loaded costs start-up time (from the TypeScript sources, each file is type-stripped).
export const commandModules: Array<{
  commands: readonly string[];
  load: () => Promise<{ register: Registrar }>;
}> = [
  { commands: ['init'], load: () => import('./commands/init.ts') },
  { commands: ['new'], load: () => import('./commands/new.ts') },
  { commands: ['plan'], load: () => import('./commands/plan.ts') },
  { commands: ['lint'], load: () => import('./commands/lint.ts') },
  { commands: ['plans'], load: () => import('./commands/plans.ts') },
  { commands: ['show'], load: () => import('./commands/show.ts') },
  { commands: ['approve', 'revise', 'reject', 'complete'], load: () => import('./commands/transitions.ts') },
  { commands: ['import'], load: () => import('./commands/import.ts') },
  { commands: ['pool'], load: () => import('./commands/pool.ts') },
  { commands: ['claim', 'release', 'claims'], load: () => import('./commands/claims.ts') },
  { commands: ['attention'], load: () => import('./commands/attention.ts') },
  { commands: ['hooks', 'hook'], load: () => import('./commands/hooks.ts') },
  { commands: ['review'], load: () => import('./commands/review.ts') },
  { commands: ['submit'], load: () => import('./commands/submit.ts') },
  { commands: ['handoff'], load: () => import('./commands/handoff.ts') },
  { commands: ['cost'], load: () => import('./commands/cost.ts') },
  { commands: ['run'], load: () => import('./commands/run.ts') },
  { commands: ['status'], load: () => import('./commands/status.ts') },
  { commands: ['clean'], load: () => import('./commands/clean.ts') },
  { commands: ['demo'], load: () => import('./commands/demo.ts') },
  { commands: ['events'], load: () => import('./commands/events.ts') },
  { commands: ['claude'], load: () => import('./commands/claude.ts') },
  { commands: ['mcp'], load: () => import('./commands/mcp.ts') },
  { commands: ['doctor'], load: () => import('./commands/doctor.ts') },
  { commands: ['retry'], load: () => import('./commands/retry.ts') },
  { commands: ['score'], load: () => import('./commands/score.ts') },
  { commands: ['dashboard'], load: () => import('./commands/dashboard.ts') },
  { commands: ['ui'], load: () => import('./commands/ui.ts') },
];

/** The command `argv` names (its first word after the global options), if any. */
function commandNameIn(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((argument) => !argument.startsWith('-'));
}

/**
 * The program with every command, or, given `argv` naming a known command, with that command's
 * module only (`--help`, `help` and unknown commands get them all, for the list and suggestions).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  // Under --json, commander's own usage messages are replaced by one JSON error (handleError).
  const json = argv?.includes('--json') === true;
  const program = new Command('baton')
    .description(
      'Plan, approve, build, verify and review: AI coding agents working the way careful teams do.\n' +
        'A planner writes a plan, a person approves it, builders execute it task by task.',
    )
    .version('0.1.0')
    .option('--debug', 'print stack traces for errors')
    .addHelpText(
      'after',
      '\nNew to baton? baton demo runs a plan end to end in seconds, with no model and no API key.\n' +
        'In your repository: baton init, baton new <plan> (or baton plan "<request>"), baton lint,\n' +
        'baton approve, baton run; baton status and baton events show where things stand and why.\n',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => (json ? undefined : process.stderr.write(text)) })
    .exitOverride();
  const name = argv ? commandNameIn(argv) : undefined;
  const named = commandModules.filter((entry) => name !== undefined && entry.commands.includes(name));
  const modules = named.length === 1 ? named : commandModules;
  for (const loaded of await Promise.all(modules.map((entry) => entry.load()))) loaded.register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `baton plans | head -1`: the reader went away; stop quietly instead of a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
  const program = await buildProgram(argv);
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    handleError(error, { json: wantsJson, debug });
  }
}

export function handleError(error: unknown, options: { json: boolean; debug: boolean }): void {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    if (error.exitCode === 0) return;
    // Commander has already printed its message, unless --json silenced it for this answer.
    if (options.json) {
      const message = error.message.replace(/^error: /, '');
      writeError(
        new BatonError('USAGE', message, { hint: 'Run the command with --help for its usage.' }),
        options,
      );
    }
    setExitCode(ExitCode.usage);
    return;
  }
  const batonError = isBatonError(error)
    ? error
    : new BatonError('INTERNAL', (error as Error)?.message ?? String(error), {
        hint: 'This is a bug in baton; run again with --debug for the stack trace.',
        cause: error,
      });
  if (!isBatonError(error) && options.debug && error instanceof Error) batonError.stack = error.stack;
  writeError(batonError, options);
  setExitCode(batonError.exitCode);
}
