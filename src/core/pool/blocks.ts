// Reading seed-style ```pool blocks out of free text (an agent's last message, a notes file):
//
//   ```pool
//   INSTANCE: A
//   ACTION: completed
//   TOPIC: Blog sidebar redesign
//   SUMMARY: Added new BlogSidebar component with tag filtering
//   AFFECTS: apps/web/components/blog/BlogSidebar.tsx, packages/blog/src/components/Filters.tsx
//   BLOCKS: Can now start implementing tag-based navigation
//   ```
//
// Keys are case-insensitive; PLAN and TASK are accepted too. A line that is not `KEY: value`
// continues the previous value (a wrapped SUMMARY). A block with a problem (missing ACTION,
// TOPIC or SUMMARY, an unknown key or action, a repeated key, no closing fence, an INSTANCE
// other than the poster's) is reported with its line and yields no entry at all: half an entry
// in a shared pool misleads more than none.
//
// INSTANCE may be absent or `?` (the seed's "not set"): the entry takes the posting instance.
// When present, it must equal the posting instance, so an agent cannot post under another's name.
// A poster without an instance (`pool post --from` with no BATON_INSTANCE) posts each block under
// the INSTANCE it states; a block that states none is refused. TOPIC, SUMMARY and AFFECTS are
// held to poolEntryLimits (200 characters, 2,000 characters, 100 paths).
import { isValidInstanceId } from '../instance.ts';
import {
  isNoneWord,
  isPoolAction,
  type PoolAction,
  type PoolEntry,
  poolActions,
  poolFieldProblems,
  splitAffects,
} from './entry.ts';

/** A pool entry's fields as a block writes them (the store adds id, time and data). */
export interface PoolBlockFields extends Omit<PoolEntry, 'id' | 'at' | 'instance' | 'data'> {
  /** As written in the block; undefined when absent or `?`. */
  instance: string | undefined;
}

export interface ParsedPoolBlock {
  /** 1-based line of the opening fence. */
  line: number;
  entry: PoolBlockFields;
}

export interface PoolBlockDiagnostic {
  /** 1-based line the problem is on (the opening fence for a missing key). */
  line: number;
  message: string;
}

export interface PoolBlocksResult {
  blocks: ParsedPoolBlock[];
  diagnostics: PoolBlockDiagnostic[];
}

export interface ParsePoolBlocksOptions {
  /** The instance posting; a block naming another instance is rejected. */
  postingInstance?: string;
  /** No posting instance: every block must name a valid INSTANCE of its own. */
  requireInstance?: boolean;
}

const knownKeys = ['instance', 'action', 'topic', 'summary', 'affects', 'blocks', 'plan', 'task'] as const;
type Key = (typeof knownKeys)[number];

const openingFence = /^ {0,3}(`{3,}|~{3,})\s*pool\s*$/i;
const keyLine = /^\s*([A-Za-z][A-Za-z_-]*)\s*:(.*)$/;

export function parsePoolBlocks(text: string, options: ParsePoolBlocksOptions = {}): PoolBlocksResult {
  const lines = text.split(/\r?\n/);
  const blocks: ParsedPoolBlock[] = [];
  const diagnostics: PoolBlockDiagnostic[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = openingFence.exec(lines[index]!);
    if (!opening) {
      index += 1;
      continue;
    }
    const fence = opening[1]!;
    const start = index;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = start + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end += 1;
    if (end >= lines.length) {
      diagnostics.push({ line: start + 1, message: 'pool block is not closed (no closing fence)' });
      break;
    }
    const body = lines
      .slice(start + 1, end)
      .map((content, offset) => ({ content, line: start + 2 + offset }));
    const parsed = parseBlockBody(start + 1, body, options);
    if ('entry' in parsed) blocks.push({ line: start + 1, entry: parsed.entry });
    else diagnostics.push(...parsed.diagnostics);
    index = end + 1;
  }
  return { blocks, diagnostics };
}

function parseBlockBody(
  fenceLine: number,
  body: Array<{ content: string; line: number }>,
  options: ParsePoolBlocksOptions,
): { entry: PoolBlockFields } | { diagnostics: PoolBlockDiagnostic[] } {
  const diagnostics: PoolBlockDiagnostic[] = [];
  const values = new Map<Key, { value: string; line: number }>();
  let previous: Key | undefined;
  for (const { content, line } of body) {
    if (content.trim() === '') continue;
    const match = keyLine.exec(content);
    if (!match) {
      if (previous === undefined) {
        diagnostics.push({ line, message: `expected "KEY: value", found "${content.trim()}"` });
        continue;
      }
      const current = values.get(previous)!;
      current.value = `${current.value} ${content.trim()}`.trim();
      continue;
    }
    const key = match[1]!.toLowerCase();
    if (!(knownKeys as readonly string[]).includes(key)) {
      diagnostics.push({
        line,
        message: `unknown key "${match[1]}" (expected ${knownKeys.map((known) => known.toUpperCase()).join(', ')})`,
      });
      previous = undefined;
      continue;
    }
    if (values.has(key as Key)) {
      diagnostics.push({ line, message: `${key.toUpperCase()} is given twice` });
      continue;
    }
    values.set(key as Key, { value: match[2]!.trim(), line });
    previous = key as Key;
  }

  for (const required of ['action', 'topic', 'summary'] as const) {
    if (!values.get(required)?.value) {
      const where = values.get(required)?.line ?? fenceLine;
      diagnostics.push({ line: where, message: `${required.toUpperCase()} is missing or empty` });
    }
  }
  const action = values.get('action');
  if (action?.value && !isPoolAction(action.value.toLowerCase())) {
    diagnostics.push({
      line: action.line,
      message: `unknown ACTION "${action.value}" (one of ${poolActions.join(', ')})`,
    });
  }
  const written = values.get('instance');
  const instance = written && written.value !== '?' && written.value !== '' ? written.value : undefined;
  if (
    instance !== undefined &&
    options.postingInstance !== undefined &&
    instance !== options.postingInstance
  ) {
    diagnostics.push({
      line: written!.line,
      message: `INSTANCE ${instance} is not the posting instance ${options.postingInstance}`,
    });
  }
  if (instance === undefined && options.postingInstance === undefined && options.requireInstance) {
    diagnostics.push({
      line: written?.line ?? fenceLine,
      message:
        'INSTANCE is missing, and the poster has none (set BATON_INSTANCE, or give INSTANCE: in the block)',
    });
  } else if (instance !== undefined && !isValidInstanceId(instance)) {
    diagnostics.push({ line: written!.line, message: `INSTANCE "${instance}" is not a valid instance id` });
  }
  for (const problem of poolFieldProblems({
    topic: values.get('topic')?.value,
    summary: values.get('summary')?.value,
    affects: splitAffects(values.get('affects')?.value ?? ''),
  })) {
    const field = problem.split(' ', 1)[0] as Key;
    diagnostics.push({
      line: values.get(field)?.line ?? fenceLine,
      message: `${field.toUpperCase()}${problem.slice(field.length)}`,
    });
  }
  if (diagnostics.length > 0) return { diagnostics };

  const blocksText = values.get('blocks')?.value ?? '';
  return {
    entry: {
      instance,
      action: action!.value.toLowerCase() as PoolAction,
      topic: values.get('topic')!.value,
      summary: values.get('summary')!.value,
      affects: splitAffects(values.get('affects')?.value ?? ''),
      blocks: isNoneWord(blocksText) ? null : blocksText,
      planId: values.get('plan')?.value || null,
      taskId: values.get('task')?.value || null,
    },
  };
}
