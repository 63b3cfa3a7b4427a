// The executor's write tools: write_file and edit_file, both confined to the task's declared
// files. edit_file replaces one exact, unique piece of text, so a model cannot change a place
// it did not mean (a second, identical occurrence) without saying which.
import { z } from 'zod';
import { readTextFile, statOrUndefined, writeTextFile } from './file-access.ts';
import { checkTaskFile } from './permissions.ts';
import { isRefusalDraft, type RefusalDraft, refuse } from './refusal.ts';
import type { ResolvedPath } from './sandbox.ts';
import { defineTool, type ToolContext } from './tool.ts';

function resolveTaskFile(requested: string, context: ToolContext): ResolvedPath | RefusalDraft {
  const resolved = context.sandbox.resolveForWrite(requested);
  if (isRefusalDraft(resolved)) return resolved;
  // The real path is matched, so a link named like a declared file cannot reach another one.
  return checkTaskFile(resolved.relative, context.taskFiles, requested) ?? resolved;
}

export interface WriteFileOutput {
  path: string;
  bytesWritten: number;
  /** The file did not exist before. */
  created: boolean;
}

export const writeFileTool = defineTool({
  name: 'write_file',
  description:
    "Create or overwrite a text file (relative to the working directory) with the given content. Only the task's declared files may be written.",
  inputSchema: z.object({ path: z.string().min(1), content: z.string() }),
  async execute(input, context): Promise<WriteFileOutput | RefusalDraft> {
    const resolved = resolveTaskFile(input.path, context);
    if (isRefusalDraft(resolved)) return resolved;
    const existing = await statOrUndefined(resolved.absolute);
    if (existing && !existing.isFile()) {
      return refuse('NOT_A_FILE', `${input.path} exists and is not a regular file.`, { path: input.path });
    }
    const written = await writeTextFile(resolved, input.path, input.content);
    if (isRefusalDraft(written)) return written;
    return { path: resolved.relative, ...written };
  },
});

/** Where `needle` starts in `text`, overlapping occurrences included. */
export function occurrencesOf(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1))
    found.push(index);
  return found;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (
    let cursor = text.indexOf('\n');
    cursor !== -1 && cursor < index;
    cursor = text.indexOf('\n', cursor + 1)
  )
    line++;
  return line;
}

export interface EditFileOutput {
  path: string;
  /** 1-based line where the replaced text started. */
  line: number;
}

export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    "Replace one exact piece of text in an existing file with new text. oldText must appear exactly once (including whitespace and line endings); include surrounding lines to make it unique. Only the task's declared files may be edited.",
  inputSchema: z.object({ path: z.string().min(1), oldText: z.string().min(1), newText: z.string() }),
  async execute(input, context): Promise<EditFileOutput | RefusalDraft> {
    const resolved = resolveTaskFile(input.path, context);
    if (isRefusalDraft(resolved)) return resolved;
    const text = await readTextFile(resolved, input.path, context.limits.readMaxFileBytes);
    if (isRefusalDraft(text)) {
      return text.code === 'NOT_FOUND'
        ? refuse('NOT_FOUND', `${input.path} does not exist; use write_file to create it.`, {
            path: input.path,
          })
        : text;
    }
    const occurrences = occurrencesOf(text, input.oldText);
    if (occurrences.length === 0) {
      return refuse(
        'EDIT_NO_MATCH',
        `oldText was not found in ${input.path}: it must match the file exactly, whitespace included. Read the file again and copy the text.`,
        { path: input.path },
      );
    }
    if (occurrences.length > 1) {
      const lines = occurrences.map((index) => lineAt(text, index));
      return refuse(
        'EDIT_NOT_UNIQUE',
        `oldText appears ${occurrences.length} times in ${input.path} (at lines ${lines.join(', ')}); include more surrounding text so it matches exactly once.`,
        { path: input.path },
      );
    }
    const start = occurrences[0]!;
    const edited = text.slice(0, start) + input.newText + text.slice(start + input.oldText.length);
    const written = await writeTextFile(resolved, input.path, edited);
    if (isRefusalDraft(written)) return written;
    return { path: resolved.relative, line: lineAt(text, start) };
  },
});
