// What each role is told, for backends that take a prompt (Claude Code, Codex) and the request
// a `command` reviewer reads on stdin. The rules of each role are also enforced (hooks, tool
// permissions, the diff's scope); the prompt says them so an agent does not waste turns
// finding them out.
import { looksLikeBatonPlan } from '../core/import/baton-markdown.ts';
import { criterionDescriptions, reviewCriteria } from '../core/review/criteria.ts';
import type { ExecuteRequest, PlanRequest, ReviewRequest } from './backend.ts';

export const blockedMarker = 'BATON-BLOCKED:';

export const judgeAnswerFormat = `{"scores": {${reviewCriteria.map((criterion) => `"${criterion}": 0-100`).join(', ')}}, "issues": [{"severity": "high|medium|low", "file": "path/in/repo", "message": "what is wrong"}], "summary": "one paragraph"}`;

export function executorPrompt(request: ExecuteRequest): string {
  const files = request.task.files.length > 0 ? request.task.files.join(', ') : '(none)';
  return [
    `You are the executor of task ${request.task.id} ("${request.task.title}") of plan ${request.planId}.`,
    `Read the task's self-contained instructions in ${request.buildFile} and do exactly that task.`,
    request.feedbackFile
      ? request.round >= 2
        ? `This is round ${request.round}: the previous round was not approved. Read the review feedback in ${request.feedbackFile} and address every point.`
        : `A person sent this task back with feedback: read ${request.feedbackFile} and address every point.`
      : '',
    `You may change only these files: ${files}. Edits to any other file are refused.`,
    "Do not change the plan's scope, do not commit, and run the task's verify commands before you finish.",
    `If the task cannot be done within those files and instructions, stop and end your answer with one line: ${blockedMarker} <what blocks it>.`,
    'When done, answer with a short summary of what you changed.',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The review request as JSON: what a `command` reviewer reads on stdin, and what a judge is shown. */
export function reviewRequestDocument(request: ReviewRequest): Record<string, unknown> {
  return {
    plan: {
      id: request.planId,
      title: request.plan.meta.title,
      summary: request.plan.summary,
      requirements: request.plan.requirements,
    },
    task: {
      id: request.task.id,
      title: request.task.title,
      action: request.task.action ?? null,
      files: request.task.files,
      description: request.task.description,
      success_criteria: request.task.successCriteria,
      verify: request.task.verify,
      dependencies: request.task.dependencies,
    },
    diff: request.diff,
    verification: request.verification.map((result) => ({
      command: result.command,
      passed: result.passed,
      exit_code: result.exitCode,
      timed_out: result.timedOut,
      output: result.output,
    })),
    criteria: Object.fromEntries(
      reviewCriteria.map((criterion) => [criterion, criterionDescriptions[criterion]]),
    ),
    answer_format: judgeAnswerFormat,
    ...(request.previousAnswer
      ? { retry: { previous_answer: request.previousAnswer.text, problems: request.previousAnswer.problems } }
      : {}),
  };
}

function fenced(text: string, language = ''): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longestRun + 1));
  return `${ticks}${language}\n${text.trimEnd()}\n${ticks}`;
}

export function reviewerPrompt(request: ReviewRequest): string {
  const task = request.task;
  const verification =
    request.verification.length === 0
      ? 'The task declares no verify commands.'
      : request.verification
          .map(
            (result) =>
              `- \`${result.command}\`: ${result.passed ? 'passed' : result.timedOut ? 'TIMED OUT' : `FAILED (exit ${result.exitCode})`}${result.passed ? '' : `\n${fenced(result.output)}`}`,
          )
          .join('\n');
  const lines = [
    `You are the reviewer of task ${task.id} ("${task.title}") of plan ${request.planId} ("${request.plan.meta.title}"). You never edit files.`,
    '',
    '## The task',
    `Declared files (the only ones it may change): ${task.files.join(', ') || '(none)'}`,
    task.description,
    '',
    'Success criteria:',
    ...task.successCriteria.map((criterion) => `- ${criterion}`),
    '',
    '## Plan summary',
    request.plan.summary,
    '',
    '## Verification (already run by baton)',
    verification,
    '',
    '## The diff (the whole change; a change outside the declared files is a scope violation)',
    request.diff.trim() === '' ? '(empty: nothing changed)' : fenced(request.diff, 'diff'),
    '',
    '## How to answer',
    'Score each criterion from 0 to 100, with the evidence in the issues and summary:',
    ...reviewCriteria.map((criterion) => `- ${criterion}: ${criterionDescriptions[criterion]}`),
    '',
    'Answer with exactly one JSON object and nothing else, in this format:',
    judgeAnswerFormat,
    'baton computes the weighted total and the verdict; do not add them.',
  ];
  if (request.previousAnswer) {
    lines.push(
      '',
      '## Your previous answer could not be read',
      fenced(request.previousAnswer.text),
      'Problems:',
      request.previousAnswer.problems,
      'Answer again with one JSON object in the format above.',
    );
  }
  return lines.join('\n');
}

export function plannerPrompt(request: PlanRequest): string {
  const lines = [
    `You are the planner. You explore this repository read-only and never edit code. Plan: ${request.planId}.`,
    '',
    'The request:',
    request.request,
    '',
    'Answer with the plan as Markdown and nothing else: front matter (id, title, created, author, risk, base),',
    'then sections Summary, Requirements, Prerequisites, Tasks (### T1: <title> with Action, Files, Description,',
    'Success Criteria, Verify, Dependencies), Edge Cases, Risks and Verification.',
  ];
  if (request.answers && request.answers.length > 0) {
    lines.push('', 'Answers to the interview (or assumptions to state under Requirements Clarified):');
    for (const answer of request.answers) lines.push(`- ${answer.question}: ${answer.answer}`);
  }
  if (request.lintFeedback)
    lines.push('', 'Your previous plan had lint errors; fix them:', request.lintFeedback);
  return lines.join('\n');
}

/** A blocked report at the end of an agent's answer, if there is one. */
export function blockedReason(text: string): string | undefined {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .reverse()
    .find((candidate) => candidate.startsWith(blockedMarker));
  return line === undefined ? undefined : line.slice(blockedMarker.length).trim() || 'no reason given';
}

/**
 * A planner's Markdown, without the fence a model may have wrapped it in. Models often answer
 * "Here is the plan:" before the fence or a remark after it: when exactly one fenced Markdown
 * block holds a plan (a `## Tasks` section with task headings), that block is the plan; sent
 * whole, the words around it would lint as a plan without tasks and cost planner rounds.
 */
export function unwrapMarkdown(text: string): string {
  const whole = /^\s*```(?:markdown|md)?\s*\n([\s\S]*?)\n```\s*$/.exec(text);
  if (whole) return `${whole[1]!.trim()}\n`;
  const plans = fencedMarkdownBlocks(text).filter(looksLikeBatonPlan);
  return `${(plans.length === 1 ? plans[0]! : text).trim()}\n`;
}

const fenceLine = /^[ ]{0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;

/**
 * The contents of the top-level fenced blocks marked `markdown`, `md` or nothing. A fence with
 * an info string inside one (a plan's own ```bash example) opens a nested block that the next
 * bare fence closes, as a model writing nested fences means it.
 */
function fencedMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let open: { marker: string; markdown: boolean; lines: string[]; depth: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const fence = fenceLine.exec(line);
    if (open === undefined) {
      if (fence)
        open = { marker: fence[1]!, markdown: /^(markdown|md)?$/i.test(fence[2]!), lines: [], depth: 0 };
      continue;
    }
    const sameKind =
      fence !== null && fence[1]![0] === open.marker[0] && fence[1]!.length >= open.marker.length;
    if (sameKind && fence[2] !== '') open.depth += 1;
    else if (sameKind && open.depth > 0) open.depth -= 1;
    else if (sameKind) {
      if (open.markdown) blocks.push(open.lines.join('\n'));
      open = undefined;
      continue;
    }
    open.lines.push(line);
  }
  return blocks;
}
