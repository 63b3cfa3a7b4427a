// What every importer needs: diagnostics, paths and commands found in prose, the action a verb
// suggests, and the words of a title for loose matching.

import { isEscapingPath, normalizeRepositoryPath } from '../paths/repository-path.ts';
import type { Diagnostic, TaskAction } from '../plan/model.ts';

/** Warning codes an import reports. Every one means "a guess was made here: check it". */
export const importCodes = {
  /** A guess that has no more specific code. */
  guess: 'IMPORT_GUESS',
  /** The task's action was inferred from its wording. */
  actionGuessed: 'IMPORT_ACTION_GUESSED',
  /** The task's files were matched loosely or read from prose. */
  filesGuessed: 'IMPORT_FILES_GUESSED',
  /** A create/modify/delete task whose files could not be found (lint reports PLAN_NO_FILES). */
  noFiles: 'IMPORT_NO_FILES',
  /** The source has no per-task success criteria; they were derived. */
  criteriaGuessed: 'IMPORT_CRITERIA_GUESSED',
  /** Ordering the source did not state, or stated ambiguously. */
  dependenciesGuessed: 'IMPORT_DEPENDENCIES_GUESSED',
  /** A dependency on a task the source does not have. */
  unknownDependency: 'IMPORT_UNKNOWN_DEPENDENCY',
  /** A file listed in the source that no task took. */
  unusedFile: 'IMPORT_UNUSED_FILE',
  /** A task the source marks done or cancelled. */
  taskStatus: 'IMPORT_TASK_STATUS',
  /** Errors: the input cannot be imported. */
  unknownFormat: 'IMPORT_UNKNOWN_FORMAT',
  malformed: 'IMPORT_MALFORMED',
  tagMissing: 'IMPORT_TAG_MISSING',
  noTasks: 'IMPORT_NO_TASKS',
} as const;

export function warning(code: string, message: string, line = 1, hint?: string): Diagnostic {
  const diagnostic: Diagnostic = { severity: 'warning', code, message, line, column: 1 };
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}

export function error(code: string, message: string, line = 1, column = 1, hint?: string): Diagnostic {
  const diagnostic: Diagnostic = { severity: 'error', code, message, line, column };
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------------------------------------
// Paths in prose

const bareFileExtensions =
  /\.(ts|tsx|js|jsx|mjs|cjs|json|ya?ml|toml|md|py|rs|go|java|kt|rb|php|cs|c|h|cpp|hpp|swift|sql|sh|css|scss|html|vue|svelte|lock|txt|cfg|ini|env|example|xml|gradle|proto)$/i;

/** Trims the punctuation prose puts around a path: `(src/a.ts),` → `src/a.ts`. */
function trimToken(token: string): string {
  return token
    .replace(/^[\s(["'`<{*]+/, '')
    .replace(/[\s)\]"'`>},;:!?*]+$/, '')
    .replace(/\.+$/, '');
}

export interface PathOptions {
  /** Accept a bare file name with a common extension (`pyproject.toml`, `jwt.ts`). */
  bareNames?: boolean;
  /** Accept a directory written with a trailing slash (`src/models/`), as `src/models/**`. */
  directories?: boolean;
  /**
   * Accept the files that live at a repository's root by name: `package.json`, `tsconfig.json`,
   * `vite.config.ts`, `Cargo.toml`, `Dockerfile`. Narrower than `bareNames` (which would take
   * `Node.js` for a file).
   */
  rootFiles?: boolean;
}

const rootFileNames =
  /^(?:[\w-]+(?:\.[\w-]+)*\.(?:json|jsonc|ya?ml|toml|lock)|[\w-]+\.config\.[cm]?[jt]s|\.[\w.-]+rc(?:\.[cm]?[jt]s|\.json)?|Dockerfile|Makefile|Procfile|Gemfile|go\.(?:mod|sum)|requirements(?:-[\w]+)?\.txt|README\.md|CHANGELOG\.md)$/;

/**
 * Repository paths mentioned in prose: anything with a slash and an extension
 * (`src/models/user.py`), a dotfile (`.env`, `.env.example`), and with options bare file names
 * and directories. URLs, absolute paths and API routes (`/auth/login`) are not paths.
 */
export function pathsIn(text: string, options: PathOptions = {}): string[] {
  const found: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (raw === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimToken(raw))) continue;
    const token = trimToken(raw);
    if (token === '' || token.includes('://') || isEscapingPath(token)) continue;
    if (/[*?]/.test(token) && !token.includes('/')) continue;
    if (!/^[\w.@/*{}\-[\]]+$/.test(token)) continue;
    const slash = token.includes('/');
    const lastSegment = token.split('/').filter(Boolean).pop() ?? '';
    const hasExtension = /\.[A-Za-z0-9]{1,12}$/.test(lastSegment) && !/^\d+(\.\d+)+$/.test(lastSegment);
    if (slash && hasExtension) found.push(normalizeRepositoryPath(token));
    else if (!slash && /^\.[A-Za-z][\w.-]*$/.test(token)) found.push(token);
    else if (!slash && options.bareNames && bareFileExtensions.test(token) && /^[\w@-][\w.@-]*$/.test(token))
      found.push(token);
    else if (!slash && options.rootFiles && rootFileNames.test(token)) found.push(token);
    else if (slash && options.directories && raw.replace(/[),;:.]+$/, '').endsWith('/') && !/^\//.test(token))
      found.push(`${normalizeRepositoryPath(token)}/**`);
  }
  return unique(found);
}

export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

// ---------------------------------------------------------------------------------------------
// Commands in prose

const commandStart =
  /^(?:npm|npx|pnpm|yarn|bun|bunx|node|deno|make|pytest|python3?|pip|uv|poetry|tox|go|cargo|rustc|mvn|gradle|\.\/gradlew|dotnet|mix|bundle|rake|rspec|jest|vitest|tsc|eslint|biome|ruff|mypy|docker|kubectl|terraform|php|composer|swift|flutter|dart|bash|sh|\.\/\S+)(?:\s|$)/;

export function looksLikeCommand(text: string): boolean {
  return commandStart.test(text.trim());
}

/** Commands of a shell code block: one per line, comments and prompts dropped, `\` joined. */
export function commandsOfBlock(code: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const rawLine of code.split('\n')) {
    let line = rawLine.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    line = line.replace(/^\$\s+/, '');
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const command = (pending + line).trim();
    pending = '';
    if (command !== '') commands.push(command);
  }
  if (pending.trim() !== '') commands.push(pending.trim());
  return commands;
}

export const shellLanguages = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'shell-session', 'fish']);

/**
 * Commands the prose says to run: a code span right after "run" or "execute" (`Run \`npx prisma
 * migrate dev\``), whatever the command looks like.
 */
export function commandsToRun(text: string): string[] {
  return [...text.matchAll(/\b(?:run|execute)\s+`([^`]+)`/gi)]
    .map((match) => match[1]?.trim() ?? '')
    .filter((command) => command !== '');
}

/** Command-looking spans in backticks. */
export function backtickCommands(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)]
    .map((match) => match[1]?.trim() ?? '')
    .filter((command) => looksLikeCommand(command));
}

/**
 * Puts backticks around a command written in parentheses, `All tests pass (npm test)` →
 * `All tests pass (`npm test`)`, so that the canonical form reads it as a command.
 */
export function backtickParenthesisedCommands(text: string): { text: string; commands: string[] } {
  const commands: string[] = [];
  const rewritten = text.replace(/\(([^()`]+)\)/g, (whole, inner: string) => {
    if (!looksLikeCommand(inner)) return whole;
    commands.push(inner.trim());
    return `(\`${inner.trim()}\`)`;
  });
  return { text: rewritten, commands };
}

// ---------------------------------------------------------------------------------------------
// Actions from verbs

export interface VerbAction {
  action: TaskAction;
  /** False when the verb did not decide the action. */
  certain: boolean;
}

// Verbs that state the action (the ones spec-kit and Task Master titles start with), then verbs
// that only suggest one: those are reported as guesses.
const verbs: Array<{ pattern: RegExp; action: TaskAction; certain: boolean }> = [
  { pattern: /^(delete|remove|drop)\b/, action: 'delete', certain: true },
  { pattern: /^(run|execute)\b/, action: 'run', certain: true },
  { pattern: /^(create|write)\b/, action: 'create', certain: true },
  { pattern: /^(update|modify|change|edit|extend|refactor|fix|rename)\b/, action: 'modify', certain: true },
  {
    pattern: /^(verify|validate|benchmark|deploy|install|migrate|measure|perform|profile)\b/,
    action: 'run',
    certain: false,
  },
  {
    pattern: /^(scaffold|initiali[sz]e|init|bootstrap|generate|document|set ?up|setup)\b/,
    action: 'create',
    certain: false,
  },
  {
    pattern:
      /^(move|replace|integrate|wire|hook|connect|configure|register|enable|disable|protect|apply|harden|optimi[sz]e|improve|adjust|tune|upgrade|bump)\b/,
    action: 'modify',
    certain: false,
  },
  {
    pattern: /^(implement|add|build|introduce|define|support|handle|expose)\b/,
    action: 'create',
    certain: false,
  },
];

const testWords = /\b(tests?|specs?|contract test|integration test|unit test|e2e)\b/;

/**
 * The action a task title's verb suggests. A test task that names files creates them; one that
 * names none is a `test`. `hasFiles` and `existing` (the files were created by an earlier task)
 * refine the guess.
 */
export function actionFromVerb(title: string, hasFiles: boolean, existing: boolean): VerbAction {
  const lower = title
    .trim()
    .toLowerCase()
    .replace(/^[*_`]+/, '');
  const isTest = testWords.test(lower);
  const verb = verbs.find((candidate) => candidate.pattern.test(lower));
  if (!verb) {
    if (isTest)
      return hasFiles
        ? { action: existing ? 'modify' : 'create', certain: true }
        : { action: 'test', certain: false };
    return hasFiles
      ? { action: existing ? 'modify' : 'create', certain: false }
      : { action: 'run', certain: false };
  }
  if ((verb.action === 'create' || verb.action === 'modify') && !hasFiles && isTest)
    return { action: 'test', certain: false };
  if (verb.action === 'create' && existing) return { action: 'modify', certain: true };
  // "Install X in package.json", "Migrate config.yaml": the files say more than the verb.
  if (verb.action === 'run' && hasFiles && !verb.certain) return { action: 'modify', certain: false };
  return { action: verb.action, certain: verb.certain };
}

// ---------------------------------------------------------------------------------------------
// Words, for loose matching of steps to files and criteria

const stopWords = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'into',
  'onto',
  'all',
  'any',
  'add',
  'create',
  'update',
  'run',
  'write',
  'implement',
  'make',
  'set',
  'new',
  'existing',
  'file',
  'step',
  'use',
  'using',
  'per',
  'src',
  'lib',
  'app',
  'index',
  'are',
  'not',
  'its',
  'this',
  'that',
  'get',
  'work',
  'when',
  'then',
  'return',
  'ts',
  'tsx',
  'js',
  'jsx',
  'py',
  'rs',
  'go',
  'md',
  'json',
]);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

/** Significant words, lower-cased and crudely stemmed: `Protected routes` → protect, route. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2');
  for (const raw of spaced.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || /^\d+$/.test(raw) || stopWords.has(raw)) continue;
    const word = stem(raw);
    if (!stopWords.has(word)) words.add(word);
  }
  return words;
}

export function sharedWords(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((word) => b.has(word));
}

/** Collapses whitespace to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
