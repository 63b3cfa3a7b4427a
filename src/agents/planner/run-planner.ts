// `baton plan "<request>"`: seed 003's planner, on any backend that can plan.
//   1. explore + interview: at most five questions, asked at the terminal (`ask`), or answered
//      from an answers file, or — with no interview, or no terminal and no file — replaced by
//      assumptions the planner states under Requirements Clarified;
//   2. gap analysis and the plan: the backend's plan() (a model answers a structured object,
//      rendered to the canonical Markdown; an agent CLI or a command answers Markdown);
//   3. lint: errors go back to the planner, with its plan, for at most two more rounds;
//   4. hand-off: the plan lands in review, and the caller prints what to do next.
// A plan that still has lint errors after the rounds lands in review all the same (review is
// where a person fixes a plan, and nothing runs before approval, which refuses lint errors),
// and the result lists the errors so the command exits 1. Nothing is written before the end:
// a run stopped by the budget, Ctrl-C or a failed call leaves no plan file, only the usage
// rows of the calls that were made. Usage is recorded by role planner with the plan's id;
// every tool refusal is an event.
import path from 'node:path';
import type { Config } from '../../config/config-schema.ts';
import { formatDiagnostic } from '../../core/plan/diagnostics.ts';
import type { Diagnostic } from '../../core/plan/model.ts';
import { scrubSecrets } from '../../core/secrets/secrets.ts';
import { BatonError } from '../../errors.ts';
import { createPlanInReview } from '../../plans/create-plan.ts';
import { lintText } from '../../plans/plan-document.ts';
import { locatePlan, planFile, validatePlanId } from '../../plans/plan-files.ts';
import { planFolders } from '../../plans/plan-folders.ts';
import type { Store } from '../../store/store.ts';
import { planSpend } from '../../store/usage.ts';
import type { Backend, PlanRequest, Usage } from '../backend.ts';
import type { BackendDescriptor } from '../backends/backend-context.ts';
import { createBackend } from '../backends/load-backend.ts';
import { canInterview, type WithModelHooks } from '../backends/model-hooks.ts';
import { BudgetGuard } from '../budget.ts';
import { priceTable } from '../prices.ts';
import { sandboxPolicy } from '../sandbox-policy.ts';
import { type DetectionEnvironment, selectBackend } from '../select-backend.ts';
import { refusalRecorder } from '../tools/record-refusal.ts';
import { usageRecorder } from '../usage-recorder.ts';
import { type InterviewAnswer, readAnswersFile } from './answers-file.ts';
import { planIdFromRequest, withPlanIdentity } from './plan-identity.ts';
import { standardQuestions } from './planner-prompts.ts';

/** Lint rounds after the first plan: the planner gets its errors back at most this often. */
export const lintRounds = 2;
export const maxInterviewQuestions = 5;

export type InterviewMode = 'terminal' | 'answers-file' | 'assumptions';

export interface RunPlannerOptions {
  repositoryRoot: string;
  config: Config;
  store: Store;
  request: string;
  /** `--id`; default: from the request's first words (made unique). */
  planId?: string;
  /** `--answers FILE`. */
  answersFile?: string;
  /** `--no-interview`. */
  noInterview?: boolean;
  /** `--planner <spec>`, overriding roles.planner. */
  planner?: string;
  /** Asks a person one question (the terminal); absent when there is no terminal. */
  ask?: (question: string, index: number, count: number) => Promise<string>;
  /** Progress lines for a person (stderr). */
  onProgress?: (line: string) => void;
  instance?: string;
  author?: string;
  base?: string;
  signal: AbortSignal;
  detection?: Partial<DetectionEnvironment>;
  /** Makes the backend (tests: a model backend with retries that never sleep). */
  makeBackend?: typeof createBackend;
  now?: () => Date;
}

export interface PlannerInterview {
  mode: InterviewMode;
  /** Why there was no interview, when there was none. */
  note?: string;
  answers: InterviewAnswer[];
}

export interface PlannerResult {
  planId: string;
  file: string;
  state: 'review';
  backend: string;
  interview: PlannerInterview;
  /** Plans the planner wrote: 1, or more when lint errors went back. */
  rounds: number;
  /** Lint errors of the plan as written into review (empty: lint-clean). */
  errors: Diagnostic[];
  warnings: Diagnostic[];
  costUsd: number;
  modelCalls: number;
}

const assumptionsAnswer = (note: string): InterviewAnswer => ({
  question: 'No interview was held',
  answer: `${note} State every assumption you make under Requirements Clarified, each starting with "Assumption:".`,
});

function choosePlanId(options: RunPlannerOptions): string {
  const folders = planFolders(options.repositoryRoot, options.config);
  if (options.planId !== undefined) {
    validatePlanId(options.planId);
    const existing = locatePlan(folders, options.planId)[0];
    if (existing)
      throw new BatonError(
        'PLAN_EXISTS',
        `a plan "${options.planId}" already exists (${existing.state}: ${existing.file})`,
        {
          hint: 'Choose another --id.',
        },
      );
    return options.planId;
  }
  const base = planIdFromRequest(options.request);
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? base : `${base}-${suffix}`;
    if (locatePlan(folders, candidate).length === 0) return validatePlanId(candidate);
  }
}

async function interview(
  options: RunPlannerOptions,
  backend: Backend,
  planId: string,
  hooks: Pick<PlanRequest, 'onUsage' | 'signal'> & Parameters<typeof withHooks>[0],
): Promise<PlannerInterview> {
  if (options.answersFile !== undefined) {
    return { mode: 'answers-file', answers: readAnswersFile(options.answersFile) };
  }
  if (options.noInterview) {
    const note = 'The interview was skipped (--no-interview).';
    return { mode: 'assumptions', note, answers: [assumptionsAnswer(note)] };
  }
  if (!options.ask) {
    const note =
      'There is no terminal to ask at and no --answers file, so planning goes on without an interview.';
    return { mode: 'assumptions', note, answers: [assumptionsAnswer(note)] };
  }
  const questions = canInterview(backend)
    ? await backend.interview(
        withHooks(hooks, {
          request: options.request,
          planId,
          repositoryRoot: options.repositoryRoot,
          signal: hooks.signal,
          ...(hooks.onUsage ? { onUsage: hooks.onUsage } : {}),
        }),
      )
    : standardQuestions;
  const asked = questions.slice(0, maxInterviewQuestions);
  const answers: InterviewAnswer[] = [];
  for (const [index, question] of asked.entries()) {
    options.signal.throwIfAborted();
    const answer = (await options.ask(question, index, asked.length)).trim();
    answers.push({ question, answer: answer === '' ? '(no answer: state your assumption)' : answer });
  }
  return { mode: 'terminal', answers };
}

function withHooks<Request extends object>(
  hooks: { beforeModelCall: () => void; onRefusal: ReturnType<typeof refusalRecorder> },
  request: Request,
): WithModelHooks<Request> {
  return { ...request, beforeModelCall: hooks.beforeModelCall, onRefusal: hooks.onRefusal };
}

function lintFeedback(markdown: string, errors: readonly Diagnostic[]): string {
  return [
    'Lint errors (file:line:column severity code message):',
    ...errors.map((diagnostic) => `- ${formatDiagnostic(diagnostic)}`),
    '',
    'The plan they were found in:',
    '````markdown',
    markdown.trimEnd(),
    '````',
  ].join('\n');
}

/** A backend that has checked it can plan. */
type PlanningBackend = Backend & Required<Pick<Backend, 'plan'>>;

/** The planner's backend, chosen as the flag and config say, refused when it cannot plan. */
async function plannerBackend(
  options: RunPlannerOptions,
  planId: string,
): Promise<{ descriptor: BackendDescriptor; backend: PlanningBackend }> {
  const descriptor = await selectBackend({
    role: 'planner',
    config: options.config,
    ...(options.planner === undefined ? {} : { flag: options.planner, flagName: '--planner' }),
    ...(options.detection ? { detection: options.detection } : {}),
  });
  const backend = await (options.makeBackend ?? createBackend)(descriptor, {
    repositoryRoot: options.repositoryRoot,
    sandbox: sandboxPolicy({
      config: options.config,
      repositoryRoot: options.repositoryRoot,
      store: options.store,
      planId,
      ...(options.instance ? { instance: options.instance } : {}),
    }),
  });
  if (!backend.plan) {
    throw new BatonError('BACKEND_UNAVAILABLE', `${backend.description} cannot plan`, {
      exitCode: 3,
      hint: 'Use --planner claude-code, a model (e.g. --planner anthropic:claude-sonnet-4-5) or command:<cmd>.',
    });
  }
  return { descriptor, backend: backend as PlanningBackend };
}

export async function runPlanner(options: RunPlannerOptions): Promise<PlannerResult> {
  const request = options.request.trim();
  if (request === '') throw new BatonError('USAGE', 'the request is empty: say what to plan');
  const planId = choosePlanId(options);
  const { descriptor, backend } = await plannerBackend(options, planId);
  // The reason already names the role: "planner: claude-code (…)".
  options.onProgress?.(descriptor.reason);

  const prices = priceTable(options.config.prices ?? {});
  const budget = new BudgetGuard({
    planId,
    limitUsd: options.config.budget?.plan_usd,
    spentUsd: await planSpend(options.store, planId),
    prices,
  });
  const recorder = usageRecorder({
    store: options.store,
    role: 'planner',
    backend: descriptor.kind,
    planId,
    ...(options.instance ? { instance: options.instance } : {}),
    prices,
    budget,
  });
  // The next call is estimated at what the last one cost: the budget stops the planner before
  // a call that would likely pass it, not after.
  let lastCostUsd = 0;
  const onUsage = async (usage: Usage): Promise<void> => {
    const before = recorder.totalUsd;
    await recorder(usage);
    lastCostUsd = recorder.totalUsd - before;
  };
  const hooks = {
    signal: options.signal,
    onUsage,
    beforeModelCall: () => budget.check(lastCostUsd),
    onRefusal: refusalRecorder(options.store, {
      role: 'planner',
      planId,
      ...(options.instance ? { instance: options.instance } : {}),
    }),
  };

  const interviewed = await interview(options, backend, planId, hooks);
  if (interviewed.note) options.onProgress?.(interviewed.note);

  const folders = planFolders(options.repositoryRoot, options.config);
  const target = planFile(folders, 'review', planId);
  const created = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  let markdown = '';
  let diagnostics: Diagnostic[] = [];
  let feedback: string | undefined;
  let rounds = 0;
  for (let round = 0; round <= lintRounds; round++) {
    hooks.beforeModelCall();
    rounds++;
    if (round > 0) options.onProgress?.(`lint errors went back to the planner (round ${round + 1})`);
    const answer = await backend.plan(
      withHooks(hooks, {
        request,
        planId,
        repositoryRoot: options.repositoryRoot,
        answers: interviewed.answers,
        ...(feedback === undefined ? {} : { lintFeedback: feedback }),
        signal: options.signal,
        onUsage,
      } satisfies PlanRequest),
    );
    markdown = withPlanIdentity(scrubSecrets(answer), {
      id: planId,
      created,
      ...(options.author ? { author: options.author } : {}),
      ...(options.base ? { base: options.base } : {}),
    });
    diagnostics = lintText(
      markdown,
      path.relative(options.repositoryRoot, target),
      options.repositoryRoot,
    ).diagnostics;
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    if (errors.length === 0) break;
    feedback = lintFeedback(markdown, errors);
  }

  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const location = await createPlanInReview(
    {
      repositoryRoot: options.repositoryRoot,
      config: options.config,
      store: options.store,
      ...(options.instance ? { instance: options.instance } : {}),
    },
    planId,
    markdown,
    {
      source: 'planner',
      planner: descriptor.reason,
      request: scrubSecrets(request).slice(0, 2000),
      interview: interviewed.mode,
      rounds,
      lintErrors: errors.length,
    },
  );
  return {
    planId,
    file: location.file,
    state: 'review',
    backend: descriptor.reason,
    interview: interviewed,
    rounds,
    errors,
    warnings: diagnostics.filter((diagnostic) => diagnostic.severity === 'warning'),
    costUsd: recorder.totalUsd,
    modelCalls: recorder.calls,
  };
}
