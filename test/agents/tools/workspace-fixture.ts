// A real repository to point toolsets at: a few sources, .gitignore files, and symlinks that
// lead out of it. Not a test file: the tool tests share it.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { ToolRefusal } from '../../../src/agents/tools/refusal.ts';
import { type CreateToolsetOptions, createToolset, type Toolset } from '../../../src/agents/tools/toolset.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

export interface Workspace {
  root: string;
  /** A folder outside the root, holding secret.txt. */
  outside: string;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

export function makeWorkspace(t: TestContext): Workspace {
  const root = makeRepository(t);
  const outside = makeTemporaryDirectory(t, 'baton-outside-');
  writeFiles(outside, { 'secret.txt': 'outside secret\n' });
  writeFiles(root, {
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 2;\nexport const b2 = 2;\n',
    'src/generated.ts': 'export const generatedMarker = true;\n',
    'src/.gitignore': 'generated.ts\n',
    'docs/readme.md': '# readme\nmarker in docs\n',
    'dist/bundle.js': 'const marker = 1;\n',
    'debug.log': 'marker in a log\n',
    'logs/keep.log': 'marker kept by negation\n',
    '.gitignore': '# build output\ndist/\n*.log\n!logs/keep.log\n',
  });
  symlinkSync(outside, path.join(root, 'linked-dir'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'linked-file.txt'));
  return { root, outside };
}

export interface RecordingToolset {
  toolset: Toolset;
  refusals: ToolRefusal[];
}

/** A toolset on the workspace that keeps every refusal it reports. */
export function toolsetFor(
  workspace: Workspace,
  options: Omit<CreateToolsetOptions, 'root' | 'onRefusal'> &
    Partial<Pick<CreateToolsetOptions, 'onRefusal'>>,
): RecordingToolset {
  const refusals: ToolRefusal[] = [];
  const toolset = createToolset({
    root: workspace.root,
    ...options,
    onRefusal: async (refusal) => {
      refusals.push(refusal);
      await options.onRefusal?.(refusal);
    },
  });
  return { toolset, refusals };
}
