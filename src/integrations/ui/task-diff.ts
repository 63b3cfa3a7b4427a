// A task's diff for the page: what its merge brought into the integration branch (once merged),
// or its branch since the commit it started from (while it works, or blocked). Each line is
// highlighted here, on the server, by the file's language (highlight.js), so the page needs no
// highlighter of its own and a line keeps its old and new numbers for comments.
import path from 'node:path';
import hljs from 'highlight.js/lib/common';
import { taskBranch } from '../../runner/integration-branch.ts';
import { listPlanEvents } from '../../store/event-log.ts';
import type { Store } from '../../store/store.ts';
import { listTaskRuns } from '../../store/task-runs.ts';
import { gitResult } from '../../workspace/git-async.ts';
import { escapeHtml } from './plan-html.ts';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed' | 'hunk';
  oldLine: number | null;
  newLine: number | null;
  /** Highlighted HTML (escaped by highlight.js). */
  html: string;
}

export interface DiffFile {
  path: string;
  lines: DiffLine[];
}

async function diffRange(
  repositoryRoot: string,
  store: Store,
  planId: string,
  taskId: string,
): Promise<[string, string] | undefined> {
  const merged = (await listPlanEvents(store, planId, ['task-merged']))
    .filter((event) => event.taskId === taskId)
    .at(-1);
  if (merged && typeof merged.data.commit === 'string')
    return [`${merged.data.commit}^1`, merged.data.commit];
  const record = (await listTaskRuns(store, planId)).find((each) => each.taskId === taskId);
  const start = record?.data.startCommit;
  if (typeof start !== 'string') return undefined;
  const branch = `refs/heads/${taskBranch(planId, taskId)}`;
  const exists = await gitResult(repositoryRoot, ['rev-parse', '--verify', '--quiet', branch]);
  return exists.exitCode === 0 ? [start, branch] : undefined;
}

function highlight(file: string, text: string): string {
  const extension = path.extname(file).slice(1);
  const language = extension && hljs.getLanguage(extension) ? extension : undefined;
  if (!language) return escapeHtml(text);
  return hljs.highlight(text, { language, ignoreIllegals: true }).value;
}

/** Parses `git diff` output into files of numbered, highlighted lines. */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let oldLine = 0;
  let newLine = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      file = undefined;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const name = line.slice(4).replace(/^b\//, '');
      file = { path: name, lines: [] };
      files.push(file);
      continue;
    }
    if (!file) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      file.lines.push({ kind: 'hunk', oldLine: null, newLine: null, html: escapeHtml(line) });
    } else if (line.startsWith('+'))
      file.lines.push({
        kind: 'added',
        oldLine: null,
        newLine: newLine++,
        html: highlight(file.path, line.slice(1)),
      });
    else if (line.startsWith('-'))
      file.lines.push({
        kind: 'removed',
        oldLine: oldLine++,
        newLine: null,
        html: highlight(file.path, line.slice(1)),
      });
    else if (line.startsWith(' '))
      file.lines.push({
        kind: 'context',
        oldLine: oldLine++,
        newLine: newLine++,
        html: highlight(file.path, line.slice(1)),
      });
  }
  return files;
}

export async function taskDiff(
  repositoryRoot: string,
  store: Store,
  planId: string,
  taskId: string,
): Promise<DiffFile[]> {
  const range = await diffRange(repositoryRoot, store, planId, taskId);
  if (!range) return [];
  const result = await gitResult(repositoryRoot, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    range[0],
    range[1],
    '--',
  ]);
  return result.exitCode === 0 ? parseDiff(result.stdout) : [];
}
