// What `baton demo` does (registered in demo.ts): a scratch repository with the demo project and
// its scripted agents, the demo plan approved in the runner's name, `baton run` on it, and what
// to look at afterwards.
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { resolveInstance } from '../core/instance.ts';
import { BatonError } from '../errors.ts';
import { batonBinPath, batonCommand, shellQuote } from '../installation.ts';
import { createPlanInReview } from '../plans/create-plan.ts';
import { approvePlan } from '../plans/lifecycle.ts';
import { planStatuses } from '../runner/run-status.ts';
import { listPlanEvents } from '../store/event-log.ts';
import { personName } from '../workspace/git.ts';
import { initRepository } from '../workspace/init-repository.ts';
import { assertPersonProcess } from '../workspace/people/person-process.ts';
import { createScratchRepository, requireEmptyFolder } from '../workspace/scratch-repository.ts';
import { createContext } from './context.ts';
import { writeLine } from './output.ts';
import { register as registerRun } from './run.ts';
import { describeStatus } from './status.ts';

export interface DemoOptions {
  dir?: string;
  by?: string;
  json?: boolean;
}

export const demoPlanId = 'text-helpers';

/** The demo repository's config: the scripted agents through the `command` backend. */
function demoConfig(options: {
  node: string;
  agents: string;
  worktrees: string;
  shellQuote: (word: string) => string;
}): string {
  // Quoted once for the shell (the command backend runs bash), then as a YAML string.
  const command = (script: string) =>
    JSON.stringify([options.node, `${options.agents}/${script}`].map(options.shellQuote).join(' '));
  return [
    '# Written by `baton demo`. The executor and the reviewer are scripts baton ships for the demo:',
    '# no model is called. They run through the `command` backend, as any command you configure would.',
    'run:',
    `  worktrees_dir: ${JSON.stringify(options.worktrees)}`,
    'roles:',
    '  executor:',
    '    backend: command',
    `    command: ${command('executor.mjs')}`,
    '  reviewer:',
    '    backend: command',
    `    command: ${command('reviewer.mjs')}`,
    '',
  ].join('\n');
}

/** The demo's folders and who approved its plan. */
interface DemoSetup {
  directory: string;
  repository: string;
  agents: string;
  by: string;
}

type Say = (line?: string) => void;
type Emit = (kind: string, message: string, data: Record<string, unknown>) => void;

export async function runDemo(options: DemoOptions): Promise<void> {
  const emit = (kind: string, message: string, data: Record<string, unknown>) =>
    writeLine(JSON.stringify({ kind, at: Date.now(), planId: demoPlanId, message, data }));
  const say = (line = '') => {
    if (!options.json) writeLine(line);
  };
  const setup = await prepareDemo(options);
  announceDemo(setup, options, emit, say);
  await runDemoPlan(setup.repository, options.json === true);
  await reportDemo(setup, options, emit, say);
}

/** The scratch repository with the demo project and agents, and the demo plan approved in it. */
async function prepareDemo(options: DemoOptions): Promise<DemoSetup> {
  // The demo approves a plan in the name of whoever runs it: a person's act, never an agent's.
  assertPersonProcess('baton demo (it approves its plan in your name)');
  if (options.by !== undefined && options.by.trim() === '')
    throw new BatonError('USAGE', '--by needs a name');
  const demoSource = path.join(path.dirname(path.dirname(batonBinPath())), 'demo');
  if (!existsSync(path.join(demoSource, 'plan.md')))
    throw new BatonError('INTERNAL', `this baton has no demo files at ${demoSource}`, {
      hint: 'Reinstall baton: the demo/ folder ships with it.',
    });
  const directory = options.dir
    ? path.resolve(options.dir)
    : realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-demo-')));
  requireEmptyFolder(directory);
  const repository = path.join(directory, 'text-kit');
  // The demo keeps to a store of its own: a team's Postgres named in the environment is no
  // place for a scratch plan.
  delete process.env.BATON_DATABASE_URL;
  delete process.env.BATON_DATABASE_SCHEMA;

  await createScratchRepository({
    source: path.join(demoSource, 'project'),
    directory: repository,
    message: 'text-kit: toAscii, with its tests',
  });
  await initRepository(repository, {});
  // The scripted agents go into the repository (untracked): a confined executor sees its
  // repository, but not where baton is installed when that is under /tmp.
  const agents = path.join(repository, '.baton', 'demo-agents');
  cpSync(path.join(demoSource, 'agents'), agents, { recursive: true });
  writeFileSync(
    path.join(repository, '.baton', 'config.yaml'),
    demoConfig({
      node: process.execPath,
      agents,
      worktrees: path.join(directory, 'worktrees'),
      shellQuote,
    }),
  );

  const by = options.by?.trim() ?? personName(repository);
  const context = await createContext(repository);
  try {
    const lifecycle = {
      repositoryRoot: repository,
      config: context.config,
      store: await context.store(),
      instance: resolveInstance() ?? undefined,
    };
    const text = readFileSync(path.join(demoSource, 'plan.md'), 'utf8').replace(
      '{{created}}',
      new Date().toISOString().slice(0, 10),
    );
    await createPlanInReview(lifecycle, demoPlanId, text, { source: 'demo' });
    // The same approval `baton approve` records: the plan must lint clean, and the event
    // keeps who approved, when, and the SHA-256 of the text.
    // A scratch repository of the person running the demo, checked above to be no agent: the
    // terminal channel, even when the demo's output goes to a pipe.
    await approvePlan(lifecycle, demoPlanId, { by, channel: 'terminal' });
  } finally {
    await context.close();
  }
  return { directory, repository, agents, by };
}

/** What the demo is about to show. */
function announceDemo(
  { directory, repository, agents, by }: DemoSetup,
  options: DemoOptions,
  emit: Emit,
  say: Say,
): void {
  if (options.json)
    emit('demo-ready', `plan ${demoPlanId} approved by ${by}; running it with scripted demo agents`, {
      directory,
      repository,
      approvedBy: by,
      agents: {
        kind: 'command',
        scripted: true,
        executor: `${agents}/executor.mjs`,
        reviewer: `${agents}/reviewer.mjs`,
      },
    });
  say(`baton demo: a scratch repository at ${repository}`);
  say('  text-kit, a small Node module with tests (node --test), one commit on main.');
  say(`  Plan ${demoPlanId}: 5 tasks, T1 → T2 → T3 in a chain, T4 and T5 beside them after T1.`);
  say(
    `  Approved by ${by} (${options.by ? '--by' : 'you, the person running this demo'}), recorded as baton approve records it.`,
  );
  say('  Scripted demo agents — no model is called, no API key is needed. The executor and the');
  say(`  reviewer are scripts baton ships (copied to ${path.relative(repository, agents)}/),`);
  say('  run through the command backend; baton itself does the rest, exactly as `baton run` does:');
  say('  a worktree per task, its verify commands, the scope check, the review, the merge.');
  say('  Watch T3 fail its tests in round 1 and T4 score under 90 in review; both pass in round 2.');
  say();
}

/** `baton run <plan>` itself, in the demo repository. */
async function runDemoPlan(repository: string, json: boolean): Promise<void> {
  const runCommand = new Command('baton').exitOverride();
  registerRun(runCommand);
  const previousDirectory = process.cwd();
  process.chdir(repository);
  try {
    await runCommand.parseAsync(['run', demoPlanId, ...(json ? ['--json'] : [])], {
      from: 'user',
    });
  } finally {
    process.chdir(previousDirectory);
  }
}

/** Where the plan ended, what round 2 fixed, and where to look next. */
async function reportDemo(
  { directory, repository }: DemoSetup,
  options: DemoOptions,
  emit: Emit,
  say: Say,
): Promise<void> {
  const after = await createContext(repository);
  try {
    const store = await after.store();
    const statuses = await planStatuses(repository, after.config, store, demoPlanId);
    if (options.json) {
      emit('demo-finished', `the demo repository is ${repository}`, {
        directory,
        repository,
        status: statuses[0],
      });
      return;
    }
    say();
    for (const line of describeStatus(statuses)) say(line);
    // What the feedback of round 1 made the executor do, as it reported it (kept in the store).
    const secondRounds = (await listPlanEvents(store, demoPlanId, ['task-executed'])).filter(
      (event) => Number(event.data.round) >= 2 && typeof event.data.summary === 'string',
    );
    if (secondRounds.length > 0) {
      say();
      say('Round 2, from the feedback baton handed back (the executor’s own words):');
      for (const event of secondRounds) say(`  ${event.taskId}: ${event.data.summary}`);
    }
  } finally {
    await after.close();
  }
  say();
  const baton = batonCommand();
  say(`The demo repository is ${repository}. In it:`);
  say(`  cd ${shellQuote(repository)}`);
  say(`  git log --graph --oneline baton/${demoPlanId}   a merge commit per task (Baton-Task: trailer)`);
  say(`  ${baton} status; ${baton} show ${demoPlanId}; ${baton} events --plan ${demoPlanId}`);
  say(`  ${baton} complete ${demoPlanId} --merge   brings the work into main`);
  if (baton !== 'baton') say('  (baton is not on your PATH: `npm link` in its checkout puts it there)');
  say(`Remove it when done: rm -rf ${shellQuote(directory)}`);
}
