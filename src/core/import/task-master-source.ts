// Reading a Task Master tasks.json down to the one tag being imported: its JSON, its shape
// (legacy or tagged), the tag asked for, and the lenient schema of the fields baton reads. What
// it finds wrong comes back as diagnostics at the line of the value at fault.

import { z } from 'zod';
import type { Diagnostic, SourcePosition } from '../plan/model.ts';
import { error, importCodes } from './helpers.ts';
import { jsonErrorPosition, jsonPositions } from './json-positions.ts';
import type { ImportOptions } from './types.ts';

// Lenient: only the fields baton reads; anything else in the file is ignored.
const optionalText = z.string().nullish().catch(undefined);
const idSchema = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\s*\d+\s*$/)])
  .transform((id) => String(id).trim());
const dependencySchema = z.union([z.number(), z.string()]).transform((id) => String(id).trim());
const subtaskSchema = z.object({
  id: idSchema,
  title: z.string(),
  description: optionalText,
  details: optionalText,
  testStrategy: optionalText,
  status: optionalText,
  dependencies: z.array(dependencySchema).nullish(),
});
const taskSchema = subtaskSchema.extend({
  priority: optionalText,
  subtasks: z.array(subtaskSchema).nullish(),
});
const tagSchema = z.object({
  tasks: z.array(taskSchema),
  metadata: z.object({ created: optionalText, description: optionalText }).nullish().catch(undefined),
});

export type SourceTask = z.infer<typeof taskSchema>;
export type SourceSubtask = z.infer<typeof subtaskSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function tagsOf(data: unknown): string[] {
  if (!isRecord(data)) return [];
  return Object.keys(data).filter((key) => {
    const value = data[key];
    return isRecord(value) && Array.isArray(value['tasks']);
  });
}

export function isLegacy(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && Array.isArray(data['tasks']);
}

/** One tag of a tasks.json, read; `lineAt` finds the line of a value by its path in the tag. */
export interface TaskMasterSource {
  legacy: boolean;
  tag: string;
  source: z.infer<typeof tagSchema>;
  lineAt: (path: string) => number;
}

export function readTaskMasterSource(
  text: string,
  options: ImportOptions,
): { ok: true; read: TaskMasterSource } | { ok: false; diagnostics: Diagnostic[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = jsonErrorPosition(text, message);
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.malformed,
          `${options.fileName ?? 'tasks.json'} is not valid JSON: ${message}`,
          position.line,
          position.column,
        ),
      ],
    };
  }

  const legacy = isLegacy(data);
  const tags = legacy ? [] : tagsOf(data);
  if (!legacy && tags.length === 0) {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.malformed,
          'no tasks found: expected { "tasks": [...] } or tagged { "master": { "tasks": [...] } }',
          1,
          1,
        ),
      ],
    };
  }
  const tag = options.tag ?? 'master';
  if (legacy && options.tag !== undefined && options.tag !== 'master') {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.tagMissing,
          `this tasks.json has no tags (the legacy shape), so there is no tag "${options.tag}"`,
          1,
          1,
          'import it without --tag',
        ),
      ],
    };
  }
  if (!legacy && !tags.includes(tag)) {
    return {
      ok: false,
      diagnostics: [
        error(
          importCodes.tagMissing,
          `no tag "${tag}" in tasks.json; its tags are: ${tags.join(', ')}`,
          1,
          1,
          `pass --tag with one of: ${tags.join(', ')}`,
        ),
      ],
    };
  }

  const positions = jsonPositions(text);
  const prefix = legacy ? '' : `${tag}/`;
  const lineAt = (path: string): number => positions.get(`${prefix}${path}`.replace(/\/$/, ''))?.line ?? 1;
  const parsed = tagSchema.safeParse(legacy ? data : (data as Record<string, unknown>)[tag]);
  if (!parsed.success) {
    return {
      ok: false,
      diagnostics: parsed.error.issues.slice(0, 20).map((issue) => {
        // The nearest value that exists: a missing field is reported at the object lacking it.
        const segments = [...prefix.split('/').filter(Boolean), ...issue.path.map(String)];
        let position: SourcePosition | undefined;
        while (!position && segments.length > 0) {
          position = positions.get(segments.join('/'));
          segments.pop();
        }
        position ??= { line: 1, column: 1 };
        return error(
          importCodes.malformed,
          `${legacy ? '' : `${tag}.`}${issue.path.map(String).join('.')}: ${issue.message}`,
          position.line,
          position.column,
        );
      }),
    };
  }

  return { ok: true, read: { legacy, tag, source: parsed.data, lineAt } };
}
