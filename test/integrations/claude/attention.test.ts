// The context router: UserPromptSubmit gives an instance its HOT files whole and its WARM files'
// first lines, from what its prompts named and its edits touched; one instance's attention
// never shows in another's.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { parseHookPayload } from '../../../src/claude-code/hook-payload.ts';
import type { Config } from '../../../src/config/config-schema.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { handlePreToolUse } from '../../../src/integrations/claude/handlers/pre-tool-use.ts';
import { handleUserPromptSubmit } from '../../../src/integrations/claude/handlers/user-prompt-submit.ts';
import { createHookContext } from '../../../src/integrations/claude/hook-context.ts';
import { runBaton } from '../../support/cli.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

const timeline = Array.from(
  { length: 20 },
  (_, index) => `export const line${index + 1} = ${index + 1};`,
).join('\n');

function repository(t: TestContext): string {
  const root = makeRepository(t);
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src', 'timeline.ts'), `${timeline}\n`);
  writeFileSync(path.join(root, 'src', 'other.ts'), 'export const other = 1;\n');
  const outside = makeTemporaryDirectory(t, 'baton-outside-');
  writeFileSync(path.join(outside, 'secret.ts'), 'export const secret = "outside secret";\n');
  symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'src', 'linked.ts'));
  return root;
}

function promptAs(
  t: TestContext,
  root: string,
  instance: string | undefined,
  config: Config = defaultConfig(),
) {
  return async (prompt: string): Promise<string | undefined> => {
    const context = createHookContext({
      repositoryRoot: root,
      config,
      env: instance === undefined ? {} : { BATON_INSTANCE: instance },
    });
    t.after(() => context.close());
    const result = await handleUserPromptSubmit(
      parseHookPayload(JSON.stringify({ hook_event_name: 'UserPromptSubmit', cwd: root, prompt })),
      context,
    );
    if (!result.stdout) return undefined;
    const output = JSON.parse(result.stdout) as {
      hookSpecificOutput: { hookEventName: string; additionalContext: string };
    };
    assert.equal(output.hookSpecificOutput.hookEventName, 'UserPromptSubmit');
    return output.hookSpecificOutput.additionalContext;
  };
}

test('a named file is shown whole while HOT, by its first lines while WARM, then not at all', async (t) => {
  const root = repository(t);
  const prompt = promptAs(t, root, 'A');
  const first = await prompt('The bug is in timeline.ts, please look.');
  assert.match(first!, /ATTENTION STATE \[Turn 1\]/);
  assert.match(first!, /🔥 Hot: 1 │ 🌡️ Warm: 0/);
  assert.match(first!, /### src\/timeline\.ts\n```\n[^`]*export const line20 = 20;\n```/);
  const second = await prompt('Go on.');
  assert.match(second!, /Turn 2\][\s\S]*export const line20 = 20;/, 'still HOT on the next turn');
  const third = await prompt('Go on.');
  assert.match(third!, /🔥 Hot: 0 │ 🌡️ Warm: 1/);
  assert.match(third!, /WARM[\s\S]*### src\/timeline\.ts\n```\nexport const line1 = 1;/);
  assert.doesNotMatch(third!, /line9 =/, 'WARM shows the first 8 lines only');
  for (let turn = 0; turn < 4; turn++) await prompt('Something else.');
  assert.equal(await prompt('Something else.'), undefined, 'COLD: nothing is shown');
});

test("one instance's attention is its own; without an instance or with context off, nothing", async (t) => {
  const root = repository(t);
  assert.match((await promptAs(t, root, 'A')('Read src/other.ts'))!, /### src\/other\.ts/);
  assert.equal(await promptAs(t, root, 'B')('Hello'), undefined);
  assert.equal(await promptAs(t, root, undefined)('Read src/other.ts'), undefined);
  const off = defaultConfig();
  off.context.enabled = false;
  assert.equal(await promptAs(t, root, 'C', off)('Read src/other.ts'), undefined);
});

test('files the instance edited since its last prompt come back HOT', async (t) => {
  const root = repository(t);
  const prompt = promptAs(t, root, 'A');
  assert.equal(await prompt('Start.'), undefined);
  // An edit through Claude Code: PreToolUse claims the file for A.
  const context = createHookContext({
    repositoryRoot: root,
    config: defaultConfig(),
    env: { BATON_INSTANCE: 'A' },
  });
  t.after(() => context.close());
  await handlePreToolUse(
    parseHookPayload(
      JSON.stringify({
        hook_event_name: 'PreToolUse',
        cwd: root,
        tool_name: 'Edit',
        tool_input: { file_path: path.join(root, 'src', 'other.ts'), old_string: '1', new_string: '2' },
      }),
    ),
    context,
  );
  const next = await prompt('Carry on.');
  assert.match(next!, /🔥 Hot: 1[\s\S]*### src\/other\.ts\n```\nexport const other = 1;/);
});

test('a named file that is a symlink leading outside is never shown', async (t) => {
  const root = repository(t);
  const shown = await promptAs(t, root, 'A')('Compare src/linked.ts with src/other.ts');
  assert.match(shown!, /### src\/other\.ts/);
  assert.doesNotMatch(shown!, /outside secret/);
});

test('baton attention lists each instance with its HOT and WARM files', async (t) => {
  const root = repository(t);
  const home = makeTemporaryDirectory(t);
  const prompt = promptAs(t, root, 'A');
  await prompt('Look at src/timeline.ts');
  await prompt('and src/other.ts');
  await prompt('then nothing');
  const listed = runBaton(root, ['attention', '--json'], { env: { HOME: home } });
  assert.equal(listed.status, 0, listed.stderr);
  const { instances } = JSON.parse(listed.stdout) as {
    instances: Array<{ instance: string; turn: number; files: Array<{ path: string; heat: string }> }>;
  };
  assert.deepEqual(instances, [
    {
      instance: 'A',
      turn: 3,
      files: [
        { path: 'src/other.ts', score: 0.8, heat: 'hot' },
        { path: 'src/timeline.ts', score: 0.8 * 0.8, heat: 'warm' },
      ],
    },
  ]);
  const text = runBaton(root, ['attention'], { env: { HOME: home } });
  assert.match(text.stdout, /A: turn 3 — 1 hot, 1 warm\n {2}HOT {3}0\.80 {2}src\/other\.ts/);
  const cleared = runBaton(root, ['attention', '--clear', '--instance', 'A'], { env: { HOME: home } });
  assert.equal(cleared.status, 0, cleared.stderr);
  assert.match(runBaton(root, ['attention'], { env: { HOME: home } }).stdout, /^No attention recorded yet/);
});

test('files named like secrets are never shown, even when the prompt names them', async (t) => {
  const root = repository(t);
  writeFileSync(path.join(root, 'credentials.json'), '{"key": "hunter2"}\n');
  writeFileSync(path.join(root, 'deploy.pem'), 'PRIVATE KEY hunter2\n');
  writeFileSync(path.join(root, '.env.local'), 'TOKEN=hunter2\n');
  const shown = await promptAs(
    t,
    root,
    'A',
  )('Check credentials.json, deploy.pem, .env.local and src/other.ts');
  assert.match(shown!, /### src\/other\.ts/);
  assert.doesNotMatch(shown!, /hunter2/);
});

test('many HOT files with long paths: the context stays within the limit, every fence closed', async (t) => {
  const root = repository(t);
  const folder = path.join(root, 'packages', 'a-rather-long-package-name', 'src', 'components', 'deeply');
  mkdirSync(folder, { recursive: true });
  const names = Array.from({ length: 40 }, (_, index) => `component-with-a-long-name-${index}.ts`);
  for (const name of names)
    writeFileSync(path.join(folder, name), `// ${name}\n${'const filler = 1;\n'.repeat(120)}`);
  const shown = await promptAs(t, root, 'A')(`Review ${names.join(' ')}`);
  assert.ok(shown!.length <= 9_500, `${shown!.length} characters`);
  const fences = shown!.split('\n').filter((line) => /^`{3,}$/.test(line));
  assert.equal(fences.length % 2, 0, 'a code fence is left open');
  const hot = Number(/🔥 Hot: (\d+)/.exec(shown!)?.[1]);
  assert.ok(hot >= 1, 'some HOT files are shown');
});
