// Setting a repository up: the config with commented defaults, the plan folders, the store,
// and .gitignore entries for the store files. Every step checks first, so running it twice
// changes nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { configTemplate } from '../config/config-template.ts';
import { configRelativePath, loadConfig, validateConfig } from '../config/load-config.ts';
import { BatonError } from '../errors.ts';
import { ensurePlanFolders, planFolders, planStates } from '../plans/plan-folders.ts';
import { openStore, resolveStoreUrl } from '../store/store.ts';
import { projectKey } from './project-key.ts';
import { requireRepositoryRoot } from './repository.ts';

export interface InitOptions {
  plansDir?: string;
  stateFolders?: string;
}

export interface InitResult {
  repositoryRoot: string;
  configFile: string;
  plansDir: string;
  store: string;
  actions: string[];
}

const gitignoreComment = "# baton's store and logs (plans are committed)";

const gitignoreEntries = [
  '.baton/baton.db',
  '.baton/baton.db-wal',
  '.baton/baton.db-shm',
  '.baton/hooks.log',
  '.baton/worktrees/',
  // What `baton handoff` and `baton review` write for people and agents: not project history.
  '.baton/handoff/',
  '.baton/feedback/',
];

function parseStateFolders(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim());
  const usage = (reason: string) =>
    new BatonError('USAGE', `--state-folders "${value}": ${reason}`, {
      hint: 'Give 3 or 4 folder names separated by commas: review,active,completed[,rejected].',
    });
  if (names.length < 3 || names.length > 4) {
    throw usage(
      `wants 3 or 4 folder names separated by commas (review,active,completed[,rejected]), got ${names.length}`,
    );
  }
  const states: Record<string, string> = { rejected: 'rejected' };
  names.forEach((name, index) => {
    const state = planStates[index]!;
    if (name === '') throw usage(`the ${state} folder name is empty`);
    if (/[/\\]/.test(name))
      throw usage(`"${name}" (${state}) is a path; each must be a single folder name, without slashes`);
    if (name === '.' || name === '..') throw usage(`"${name}" (${state}) is not a folder name of its own`);
    states[state] = name;
  });
  const owner = new Map<string, string>();
  for (const state of planStates) {
    const name = states[state]!;
    const other = owner.get(name.toLowerCase());
    if (other !== undefined) {
      const implicit =
        names.length === 3 && state === 'rejected'
          ? ' (rejected plans go to "rejected" unless a 4th name is given)'
          : '';
      throw usage(
        `${other} and ${state} would share the folder "${name}"${implicit}; each state needs a folder of its own`,
      );
    }
    owner.set(name.toLowerCase(), state);
  }
  if (names.length === 3) delete states['rejected'];
  return states;
}

export async function initRepository(cwd: string, options: InitOptions): Promise<InitResult> {
  const repositoryRoot = requireRepositoryRoot(cwd);
  const actions: string[] = [];
  const configFile = path.join(repositoryRoot, configRelativePath);
  const states = parseStateFolders(options.stateFolders);
  if (
    options.plansDir !== undefined &&
    (path.isAbsolute(options.plansDir) || options.plansDir.split(/[/\\]/).includes('..'))
  ) {
    throw new BatonError(
      'USAGE',
      `--plans-dir must be inside the repository, relative to its root: ${options.plansDir}`,
    );
  }

  if (!existsSync(configFile)) {
    mkdirSync(path.dirname(configFile), { recursive: true });
    const text = configTemplate({ plansDir: options.plansDir, states });
    validateConfig(parseDocument(text).toJS(), configFile);
    writeFileSync(configFile, text, { flag: 'wx' });
    actions.push(`created ${path.relative(repositoryRoot, configFile)}`);
  } else if (options.plansDir !== undefined || states !== undefined) {
    const existing = loadConfig(repositoryRoot);
    const same =
      (options.plansDir === undefined ||
        path.normalize(options.plansDir) === path.normalize(existing.plans.dir)) &&
      (states === undefined ||
        Object.entries(states).every(
          ([state, name]) => existing.plans.states[state as keyof typeof existing.plans.states] === name,
        ));
    if (!same) {
      throw new BatonError('USAGE', `${configFile} already exists with other plan folders`, {
        hint: 'Edit plans.dir and plans.states in the config instead; init does not overwrite it.',
      });
    }
  }

  const config = loadConfig(repositoryRoot);
  const folders = planFolders(repositoryRoot, config);
  const missing = planStates.filter((state) => !existsSync(folders[state]));
  ensurePlanFolders(folders);
  for (const state of missing) actions.push(`created ${path.relative(repositoryRoot, folders[state])}/`);

  const storeUrl = resolveStoreUrl(repositoryRoot, config.store.url);
  const storeExisted = storeUrl.startsWith('postgres') || existsSync(storeUrl);
  const store = await openStore({
    url: storeUrl,
    schema: process.env.BATON_DATABASE_SCHEMA || undefined,
    project: projectKey(repositoryRoot, storeUrl, config.store.project),
  });
  await store.close();
  if (!storeExisted) actions.push(`created the store ${path.relative(repositoryRoot, storeUrl)}`);

  const gitignore = path.join(repositoryRoot, '.gitignore');
  const current = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const present = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const toAdd = gitignoreEntries.filter((entry) => !present.has(entry));
  if (toAdd.length > 0) {
    const prefix = current === '' || current.endsWith('\n') ? '' : '\n';
    // The comment heads baton's block once: an entry re-added to an existing block goes without it.
    const header =
      toAdd.length === gitignoreEntries.length && !present.has(gitignoreComment)
        ? `${gitignoreComment}\n`
        : '';
    writeFileSync(gitignore, `${current}${prefix}${header}${toAdd.join('\n')}\n`);
    actions.push(`added ${toAdd.length} entr${toAdd.length > 1 ? 'ies' : 'y'} to .gitignore`);
  }

  return {
    repositoryRoot,
    configFile,
    plansDir: path.resolve(repositoryRoot, config.plans.dir),
    store: storeUrl.startsWith('postgres') ? store.location : storeUrl,
    actions,
  };
}
