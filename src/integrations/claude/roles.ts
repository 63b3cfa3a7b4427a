// What a role may touch, from the environment a session was started with:
//   BATON_ROLE=planner   no edits except the plan being written (a Markdown file in the plans
//                        folder's review state; BATON_PLAN may name it), read-only Bash only
//   BATON_ROLE=executor  with BATON_TASK_FILES (globs separated by commas or newlines): edits
//                        only to the task's declared files

import type { Config } from '../../config/config-schema.ts';
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import { normalizeRepositoryPath } from '../../core/paths/repository-path.ts';

export interface RoleRules {
  role: string | undefined;
  /** BATON_PLAN: a plan id or a path to the plan file. */
  plan: string | undefined;
  /** BATON_TASK_FILES as globs; undefined when not set. */
  taskFiles: string[] | undefined;
}

export function roleRulesFromEnv(env: Readonly<Record<string, string | undefined>>): RoleRules {
  const role = env.BATON_ROLE?.trim().toLowerCase() || undefined;
  const plan = env.BATON_PLAN?.trim() || undefined;
  const files = env.BATON_TASK_FILES;
  const taskFiles =
    files === undefined || files.trim() === ''
      ? undefined
      : files
          .split(/[,\n]/)
          .map((file) => file.trim())
          .filter((file) => file.length > 0);
  return { role, plan, taskFiles };
}

/** The repository-relative folder holding plans under review, e.g. `.baton/plans/review`. */
export function reviewFolder(config: Config): string {
  return normalizeRepositoryPath(`${config.plans.dir}/${config.plans.states.review}`);
}

function plannedFile(rules: RoleRules, config: Config, repositoryRoot: string): string | undefined {
  const plan = rules.plan;
  if (plan === undefined) return undefined;
  if (plan.includes('/') || plan.endsWith('.md')) {
    const relative = plan.startsWith('/') ? plan.slice(repositoryRoot.length + 1) : plan;
    return normalizeRepositoryPath(relative);
  }
  return `${reviewFolder(config)}/${plan}.md`;
}

/**
 * Why this role may not edit `path` (repository-relative), or undefined when it may. `existing`
 * says whether a repository-relative path exists already.
 */
export function editDeniedByRole(
  rules: RoleRules,
  path: string,
  config: Config,
  repositoryRoot: string,
  existing: (path: string) => boolean = () => false,
): string | undefined {
  if (rules.role === 'planner') {
    const folder = reviewFolder(config);
    const named = plannedFile(rules, config, repositoryRoot);
    if (named !== undefined) {
      return path === named ? undefined : `the planner writes only its plan ${named}, not ${path}`;
    }
    const inReview = path.startsWith(`${folder}/`) && !path.slice(folder.length + 1).includes('/');
    if (!inReview || !path.endsWith('.md'))
      return `the planner never edits code: it may only write a plan (a .md file in ${folder}/), not ${path}`;
    // Without BATON_PLAN naming its plan, a planner may start a new plan but never overwrite one
    // already in review (somebody else's, or one a person is reading).
    return existing(path)
      ? `the planner may write a new plan in ${folder}/, but ${path} exists already; start the planner with BATON_PLAN=<id> to revise that plan`
      : undefined;
  }
  if (rules.role === 'executor' && rules.taskFiles !== undefined) {
    if (rules.taskFiles.some((glob) => pathMatchesGlob(path, glob))) return undefined;
    return `${path} is not among this task's declared files (${rules.taskFiles.join(', ')})`;
  }
  return undefined;
}

/**
 * Where a command starts: the session's folder, and the project the session belongs to —
 * Claude Code's CLAUDE_PROJECT_DIR when it says, else the repository found from the folder
 * (which a nested `.git` could fake).
 */
export interface CommandPlace {
  cwd: string;
  projectRoot: string;
}

/** Why this role may not run `command`, or undefined when it may. */
export async function commandDeniedByRole(
  rules: RoleRules,
  command: string,
  place: CommandPlace,
): Promise<string | undefined> {
  if (rules.role !== 'planner') return undefined;
  const { isReadOnlyCommand } = await import('../../core/shell/read-only.ts');
  const verdict = isReadOnlyCommand(command);
  if (!verdict.readOnly) return `the planner may run only read-only commands: ${verdict.reason}`;
  const { gitUse } = await import('../../core/shell/git-use.ts');
  const use = gitUse(command);
  if (!use.runsGit) return undefined;
  if (use.movesDirectory)
    return 'the planner runs git only where it starts, in the repository: not after cd/pushd or with git -C (name paths instead, e.g. git log -- src/)';
  const { foreignGitDirectory } = await import('./git-discovery.ts');
  const foreign = foreignGitDirectory(place.cwd, place.projectRoot);
  return foreign === undefined
    ? undefined
    : `the planner runs git only where git finds this repository's own .git, and from ${place.cwd} it could use ${foreign} (something laid out as a git repository, whose config git would obey); cd to ${place.projectRoot} first`;
}
