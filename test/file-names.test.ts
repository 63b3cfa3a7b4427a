// Every file under src/ has a name of its own, so a name found in a stack trace, a review or a
// conversation leads to one file in one step (DESIGN.md: homes that say what they hold). A face
// is named for its command (commands/pool.ts); the service behind it for what it does. The tests'
// TypeScript files too: a failing `claude-code.test.ts` should not leave three files to guess from.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const projectRoot = path.resolve(import.meta.dirname, '..');

/** The names given to more than one file under `folder` (that `keep` accepts), with their paths. */
function repeatedNames(folder: string, keep: (name: string) => boolean): string[][] {
  const root = path.join(projectRoot, folder);
  const byName = new Map<string, string[]>();
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), relative]);
  }
  return [...byName.values()].filter((paths) => paths.length > 1).map((paths) => paths.sort());
}

test('no two files under src/ share a name', () => {
  assert.deepEqual(
    repeatedNames('src', () => true),
    [],
  );
});

test("no two TypeScript files under test/ share a name (fixtures' data may)", () => {
  assert.deepEqual(
    repeatedNames('test', (name) => name.endsWith('.ts')),
    [],
  );
});
