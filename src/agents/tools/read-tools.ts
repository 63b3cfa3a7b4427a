// The read tools every role has: read_file, list_files and search. They never change a file.
import path from 'node:path';
import { z } from 'zod';
import { pathMatchesGlob } from '../../core/paths/glob.ts';
import { readFileInside, readTextFile, statOrUndefined } from './file-access.ts';
import { looksBinary } from './limits.ts';
import { isRefusalDraft, type RefusalDraft, refuse } from './refusal.ts';
import { defineTool } from './tool.ts';
import { walkFiles } from './walk.ts';

export interface ReadFileOutput {
  path: string;
  content: string;
  /** First and last line returned, 1-based and inclusive (0 and 0 for an empty file). */
  startLine: number;
  endLine: number;
  totalLines: number;
  /** The range was cut to stay within the size cap; read on from nextStartLine. */
  truncated: boolean;
  nextStartLine?: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a text file, relative to the working directory. Optionally a line range (1-based, inclusive); long files are cut at a size cap and say where to read on.',
  inputSchema: z.object({
    path: z.string().min(1),
    startLine: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
  async execute(input, context): Promise<ReadFileOutput | RefusalDraft> {
    const resolved = context.sandbox.resolveForRead(input.path);
    if (isRefusalDraft(resolved)) return resolved;
    const text = await readTextFile(resolved, input.path, context.limits.readMaxFileBytes);
    if (isRefusalDraft(text)) return text;
    const lines = splitLines(text);
    const startLine = input.startLine ?? 1;
    const lastWanted = Math.min(input.endLine ?? lines.length, lines.length);
    if (input.endLine !== undefined && input.endLine < startLine) {
      return refuse('INVALID_INPUT', `endLine ${input.endLine} is before startLine ${startLine}.`, {
        path: input.path,
      });
    }
    if (lines.length > 0 && startLine > lines.length) {
      return refuse(
        'INVALID_INPUT',
        `${input.path} has ${lines.length} lines; startLine ${startLine} is past the end.`,
        {
          path: input.path,
        },
      );
    }
    // Whole lines only, up to the byte cap.
    const kept: string[] = [];
    let bytes = 0;
    let truncated = false;
    for (let index = startLine - 1; index < lastWanted; index++) {
      const line = lines[index]!;
      const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
      if (bytes + lineBytes > context.limits.readMaxBytes && kept.length > 0) {
        truncated = true;
        break;
      }
      kept.push(line);
      bytes += lineBytes;
    }
    const endLine = kept.length === 0 ? 0 : startLine + kept.length - 1;
    return {
      path: resolved.relative,
      content: kept.join('\n'),
      startLine: kept.length === 0 ? 0 : startLine,
      endLine,
      totalLines: lines.length,
      truncated,
      ...(truncated ? { nextStartLine: endLine + 1 } : {}),
    };
  },
});

export interface ListFilesOutput {
  files: string[];
  /** More files matched than the limit. */
  truncated: boolean;
}

export const listFilesTool = defineTool({
  name: 'list_files',
  description:
    'List the files under a folder (default: the whole working directory), recursively, skipping .git and what .gitignore ignores. Optionally filter with a glob relative to the working directory, e.g. "src/**/*.ts".',
  inputSchema: z.object({
    path: z.string().optional(),
    glob: z.string().min(1).optional(),
    limit: z.number().int().min(1).optional(),
  }),
  async execute(input, context): Promise<ListFilesOutput | RefusalDraft> {
    const requested = input.path ?? '.';
    const resolved = context.sandbox.resolveForRead(requested);
    if (isRefusalDraft(resolved)) return resolved;
    const stats = await statOrUndefined(resolved.absolute);
    if (!stats) return refuse('NOT_FOUND', `${requested} does not exist.`, { path: requested });
    if (stats.isFile()) return { files: [resolved.relative], truncated: false };
    if (!stats.isDirectory())
      return refuse('NOT_A_DIRECTORY', `${requested} is not a folder.`, { path: requested });
    const limit = Math.min(input.limit ?? context.limits.listMaxEntries, context.limits.listMaxEntries);
    const files: string[] = [];
    for await (const file of walkFiles(context.sandbox, context.ignoreRules, resolved.relative)) {
      if (input.glob !== undefined && !pathMatchesGlob(file, input.glob)) continue;
      if (files.length === limit) return { files, truncated: true };
      files.push(file);
    }
    return { files, truncated: false };
  },
});

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface SearchOutput {
  matches: SearchMatch[];
  /** More lines matched than the result cap. */
  truncated: boolean;
  filesSearched: number;
}

export const searchTool = defineTool({
  name: 'search',
  description:
    'Search file contents with a JavaScript regular expression, line by line, under a folder (default: everything), skipping .git, ignored, binary and very large files. Optionally filter files with a glob.',
  inputSchema: z.object({
    pattern: z.string().min(1),
    path: z.string().optional(),
    glob: z.string().min(1).optional(),
    caseSensitive: z.boolean().optional(),
    maxResults: z.number().int().min(1).optional(),
  }),
  async execute(input, context): Promise<SearchOutput | RefusalDraft> {
    let expression: RegExp;
    try {
      expression = new RegExp(input.pattern, input.caseSensitive === false ? 'i' : '');
    } catch (error) {
      return refuse(
        'INVALID_INPUT',
        `The pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
    const requested = input.path ?? '.';
    const resolved = context.sandbox.resolveForRead(requested);
    if (isRefusalDraft(resolved)) return resolved;
    const stats = await statOrUndefined(resolved.absolute);
    if (!stats) return refuse('NOT_FOUND', `${requested} does not exist.`, { path: requested });
    const candidates: AsyncIterable<string> | string[] = stats.isDirectory()
      ? walkFiles(context.sandbox, context.ignoreRules, resolved.relative)
      : [resolved.relative];
    const limit = Math.min(
      input.maxResults ?? context.limits.searchMaxResults,
      context.limits.searchMaxResults,
    );
    const matches: SearchMatch[] = [];
    let filesSearched = 0;
    for await (const file of candidates) {
      if (input.glob !== undefined && !pathMatchesGlob(file, input.glob)) continue;
      const absolute = path.join(context.sandbox.root, file);
      const content = await readFileInside(context.sandbox.root, absolute, context.limits.searchMaxFileBytes);
      if (content === undefined || looksBinary(content)) continue;
      filesSearched++;
      const lines = content.toString('utf8').split('\n');
      for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!.replace(/\r$/, '');
        if (!expression.test(line)) continue;
        if (matches.length === limit) return { matches, truncated: true, filesSearched };
        matches.push({
          path: file,
          line: index + 1,
          text: line.slice(0, context.limits.searchMaxLineLength),
        });
      }
    }
    return { matches, truncated: false, filesSearched };
  },
});
