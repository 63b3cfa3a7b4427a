// `baton handoff`: writing BUILD_<task>.md for a person or any other tool (seed 002), with the
// declared files' current contents and, from the second round on, the review's feedback.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { buildFileName, renderBuildFile } from '../core/handoff/build-file.ts';
import { isGlob, pathMatchesGlob } from '../core/paths/glob.ts';
import { isEscapingPath, normalizeRepositoryPath } from '../core/paths/repository-path.ts';
import { findTask, loadPlan } from '../plans/load-plan.ts';
import { listRepositoryFiles } from '../workspace/git-diff.ts';

export const maxInlinedFiles = 40;

/** `.baton/feedback/<plan>/<task>.md` under the repository. */
export function feedbackFile(repositoryRoot: string, planId: string, taskId: string): string {
  return path.join(repositoryRoot, '.baton', 'feedback', planId, `${taskId}.md`);
}

/** `.baton/handoff/<plan>/BUILD_<task>.md` under the repository. */
export function defaultBuildFilePath(repositoryRoot: string, planId: string, taskId: string): string {
  return path.join(repositoryRoot, '.baton', 'handoff', planId, buildFileName(taskId));
}

function readText(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function filesUnder(directory: string, root: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The declared files as the BUILD file shows them: globs and folders expanded, contents read. */
export function declaredFileContents(
  workdir: string,
  declared: readonly string[],
): Array<{ path: string; content: string | undefined; note?: string }> {
  const shown: Array<{ path: string; content: string | undefined; note?: string }> = [];
  let repositoryFiles: string[] | undefined;
  for (const pattern of declared) {
    if (isEscapingPath(pattern)) {
      shown.push({ path: pattern, content: undefined, note: 'Outside the repository: not shown.' });
      continue;
    }
    const normalized = normalizeRepositoryPath(pattern);
    const absolute = path.join(workdir, normalized);
    if (!isGlob(normalized) && existsSync(absolute) && statSync(absolute).isDirectory()) {
      for (const file of filesUnder(absolute, workdir))
        shown.push({ path: file, content: readText(path.join(workdir, file)) });
      continue;
    }
    if (isGlob(normalized)) {
      repositoryFiles ??= listRepositoryFiles(workdir);
      const matches = repositoryFiles.filter((file) => pathMatchesGlob(file, normalized));
      if (matches.length === 0)
        shown.push({ path: pattern, content: undefined, note: 'A pattern; no file matches it yet.' });
      for (const file of matches) shown.push({ path: file, content: readText(path.join(workdir, file)) });
      continue;
    }
    shown.push({ path: normalized, content: readText(absolute) });
  }
  if (shown.length > maxInlinedFiles) {
    const rest = shown.length - maxInlinedFiles;
    return [
      ...shown.slice(0, maxInlinedFiles),
      {
        path: `(${rest} more files)`,
        content: undefined,
        note: `${rest} more files match the declared patterns; read them in the repository.`,
      },
    ];
  }
  return shown;
}

export interface HandoffOptions {
  repositoryRoot: string;
  config: Config;
  planId: string;
  taskId: string;
  /** Where the files are read from (a worktree); default the repository. */
  dir?: string;
  /** Where the BUILD file goes; default `.baton/handoff/<plan>/BUILD_<task>.md`. */
  out?: string;
}

export interface HandoffResult {
  planId: string;
  taskId: string;
  file: string;
  files: string[];
  withFeedback: boolean;
  characters: number;
}

export function writeHandoff(options: HandoffOptions): HandoffResult {
  const loaded = loadPlan(options.repositoryRoot, options.config, options.planId);
  const task = findTask(loaded, options.taskId);
  const workdir = options.dir ?? options.repositoryRoot;
  const files = declaredFileContents(workdir, task.files);
  const feedback = readText(feedbackFile(options.repositoryRoot, options.planId, task.id));
  const text = renderBuildFile({
    plan: loaded.plan,
    planId: options.planId,
    task,
    files,
    ...(feedback === undefined ? {} : { feedback }),
    submitCommand: `baton submit ${options.planId} ${task.id}${options.dir ? ` --dir ${options.dir}` : ''}`,
  });
  const file = options.out
    ? path.resolve(options.out)
    : defaultBuildFilePath(options.repositoryRoot, options.planId, task.id);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return {
    planId: options.planId,
    taskId: task.id,
    file,
    files: files.map((entry) => entry.path),
    withFeedback: feedback !== undefined,
    characters: text.length,
  };
}
