// What the `model` backend tells the executor and the reviewer. The rules are enforced by the
// toolset (a write outside the declared files is refused, the reviewer runs only verify
// commands); the instructions say them so the model does not waste calls finding out.
import type { ExecuteRequest } from '../backend.ts';

export const executorInstructions = [
  'You are an executor of baton. You carry out ONE task of an approved plan, exactly as written: you do not',
  'change the plan, add features or touch files the task does not declare. Use the tools: read_file, list_files,',
  "search to look; write_file and edit_file to change the task's declared files (anything else is refused);",
  "run_command to run the task's verify commands before you finish.",
  'End with finish (a short summary of what you changed), or with report_blocked (exactly what blocks you) when',
  'the task cannot be done within its files and instructions. Do not improvise around a blocker.',
].join('\n');

export function executorMessage(
  request: ExecuteRequest,
  build: string,
  feedback: string | undefined,
): string {
  const files = request.task.files.length > 0 ? request.task.files.join(', ') : '(none)';
  const lines = [
    `Task ${request.task.id} ("${request.task.title}") of plan ${request.planId}, round ${request.round}.`,
    `You may change only these files: ${files}.`,
    '',
    '## The task (BUILD file)',
    build.trim(),
  ];
  if (feedback !== undefined && feedback.trim() !== '') {
    lines.push('', '## Feedback from the previous round (address every point)', feedback.trim());
  }
  return lines.join('\n');
}

export const reviewerInstructions = [
  'You are the reviewer of baton. You never edit files. You may read the repository (read_file, list_files,',
  "search) and run the task's verify commands, exactly as written (run_command); anything else is refused.",
  'Score the change against the rubric and answer with ONE JSON object in the format you are given, and nothing else.',
].join('\n');
