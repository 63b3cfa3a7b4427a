// `baton pool post`: one entry from flags, or every ```pool block of a file (--from).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeRepositoryPattern } from '../core/claims/pattern.ts';
import { requireInstance, resolveInstance } from '../core/instance.ts';
import { parsePoolBlocks } from '../core/pool/blocks.ts';
import {
  isPoolAction,
  type NewPoolEntry,
  poolActions,
  poolFieldProblems,
  splitAffects,
} from '../core/pool/entry.ts';
import { BatonError, ExitCode } from '../errors.ts';
import { postPoolEntries, toPoolEntry } from '../store/pool-entries.ts';
import { withContext } from './context.ts';
import { setExitCode, writeJson, writeLine } from './output.ts';

// The options commander hands this subcommand (declared in pool.ts).
export interface PostOptions {
  action?: string;
  topic?: string;
  summary?: string;
  affects?: string;
  blocks?: string;
  plan?: string;
  task?: string;
  from?: string;
  instance?: string;
  json?: boolean;
}

export async function postCommand(options: PostOptions): Promise<void> {
  // The instance first: nothing is read or written under a made-up id. With --from and no
  // instance, each block must state its INSTANCE (an agent that has an instance can only post
  // under its own: a block naming another is refused).
  if (options.from !== undefined) return postFromFile(resolveInstance({ flag: options.instance }), options);
  const instance = requireInstance({ flag: options.instance });
  const entry = entryFromFlags(instance, options);
  await withContext(async (context) => {
    const base = { repositoryRoot: context.repositoryRoot, cwd: process.cwd() };
    entry.affects = (entry.affects ?? []).map((affected) => normalizeRepositoryPattern(affected, base));
    const [stored] = await postPoolEntries(await context.store(), [entry]);
    const posted = toPoolEntry(stored!);
    if (options.json) return writeJson({ ok: true, entries: [posted] });
    writeLine(`posted #${posted.id} as instance ${instance}: ${posted.action} · ${posted.topic}`);
  });
}

function entryFromFlags(instance: string, options: PostOptions): NewPoolEntry {
  const missing = (['action', 'topic', 'summary'] as const).filter((key) => !options[key]?.trim());
  if (missing.length > 0) {
    throw new BatonError('USAGE', `pool post: missing ${missing.map((key) => `--${key}`).join(', ')}`, {
      hint: 'Give --action, --topic and --summary, or --from FILE with ```pool blocks.',
    });
  }
  const tooLong = poolFieldProblems({
    topic: options.topic,
    summary: options.summary,
    affects: splitAffects(options.affects ?? ''),
  });
  if (tooLong.length > 0) {
    throw new BatonError('USAGE', `pool post: --${tooLong.map((problem) => problem).join('; --')}`, {
      hint: 'Shorten it: the pool is read by every instance at every session start.',
    });
  }
  const action = options.action!.trim().toLowerCase();
  if (!isPoolAction(action)) {
    throw new BatonError('USAGE', `--action: unknown action "${options.action}"`, {
      hint: `One of ${poolActions.join(', ')}.`,
    });
  }
  return {
    instance,
    action,
    topic: options.topic!,
    summary: options.summary!,
    affects: splitAffects(options.affects ?? ''),
    blocks: options.blocks ?? null,
    planId: options.plan ?? null,
    taskId: options.task ?? null,
  };
}

async function postFromFile(instance: string | undefined, options: PostOptions): Promise<void> {
  const conflicting = (['action', 'topic', 'summary', 'affects', 'blocks'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (conflicting.length > 0) {
    throw new BatonError(
      'USAGE',
      `--from cannot be combined with ${conflicting.map((key) => `--${key}`).join(', ')}`,
    );
  }
  const source = options.from!;
  const label = source === '-' ? '<stdin>' : source;
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : path.resolve(source), 'utf8');
  } catch (error) {
    throw new BatonError('USAGE', `--from: cannot read ${label}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { blocks, diagnostics } = parsePoolBlocks(text, { postingInstance: instance, requireInstance: true });
  const entries: NewPoolEntry[] = blocks.map(({ entry }) => ({
    instance: (instance ?? entry.instance)!,
    action: entry.action,
    topic: entry.topic,
    summary: entry.summary,
    affects: entry.affects.map((affected) => affected.replace(/^\.\//, '')),
    blocks: entry.blocks,
    planId: entry.planId ?? options.plan ?? null,
    taskId: entry.taskId ?? options.task ?? null,
  }));
  const posted =
    entries.length === 0
      ? []
      : await withContext(async (context) =>
          (await postPoolEntries(await context.store(), entries)).map(toPoolEntry),
        );
  const problems = diagnostics.map((diagnostic) => ({ file: label, ...diagnostic }));
  const nothingFound = blocks.length === 0 && diagnostics.length === 0;
  if (problems.length > 0 || nothingFound) setExitCode(ExitCode.failed);
  if (options.json) {
    return writeJson({
      ok: problems.length === 0 && !nothingFound,
      entries: posted,
      diagnostics: problems,
      ...(nothingFound
        ? { error: { code: 'POOL_BLOCK_INVALID', message: `no \`\`\`pool block in ${label}` } }
        : {}),
    });
  }
  for (const entry of posted) {
    writeLine(`posted #${entry.id} as instance ${entry.instance}: ${entry.action} · ${entry.topic}`);
  }
  for (const problem of problems) {
    process.stderr.write(`${problem.file}:${problem.line}: ${problem.message}\n`);
  }
  if (problems.length > 0) {
    process.stderr.write(
      `baton: error POOL_BLOCK_INVALID: ${posted.length} posted; the malformed blocks above were not posted\n`,
    );
  }
  if (nothingFound)
    process.stderr.write(`baton: error POOL_BLOCK_INVALID: no \`\`\`pool block in ${label}\n`);
}
