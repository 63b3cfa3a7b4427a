// Claims hold for Bash too: instance B holds files; instance A's Bash commands try to change them
// in every way a shell offers. Each call goes through the real hooks as Claude Code runs them —
// PreToolUse, then the command in real bash, then PostToolUse — against a real repository and
// store. Whatever the command did to a held file is undone, the command's version is kept, the
// event names both, and A is told which claim it hit. Controls: A's own files, and B's own Bash.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { runHook } from '../../src/integrations/claude/hook-entry.ts';
import { openStore } from '../../src/store/store.ts';
import { git, makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

process.env.XDG_CACHE_HOME = makeTemporaryDirectory(undefined, 'baton-security-cache-');

let calls = 0;

async function hook(
  event: 'pre-tool-use' | 'post-tool-use',
  repository: string,
  instance: string,
  command: string,
  options: { background?: boolean; toolUseId?: string; tool?: string; filePath?: string } = {},
): Promise<{ decision?: string; reason?: string }> {
  const tool = options.tool ?? 'Bash';
  const outcome = await runHook(event, {
    input: JSON.stringify({
      session_id: `session-${instance}`,
      cwd: repository,
      hook_event_name: event === 'pre-tool-use' ? 'PreToolUse' : 'PostToolUse',
      tool_name: tool,
      tool_use_id: options.toolUseId,
      tool_input:
        tool === 'Bash'
          ? { command, ...(options.background ? { run_in_background: true } : {}) }
          : { file_path: options.filePath, content: 'x' },
      ...(event === 'post-tool-use' ? { tool_response: { stdout: '', stderr: '', interrupted: false } } : {}),
    }),
    env: { BATON_INSTANCE: instance, HOME: process.env.XDG_CACHE_HOME },
    cwd: repository,
  });
  if (outcome.stdout === '') return {};
  const answer = JSON.parse(outcome.stdout);
  if (answer.hookSpecificOutput)
    return {
      decision: answer.hookSpecificOutput.permissionDecision,
      reason: answer.hookSpecificOutput.permissionDecisionReason,
    };
  return { decision: answer.decision, reason: answer.reason };
}

/** One Bash call as Claude Code makes it: PreToolUse, the command (unless denied), PostToolUse. */
async function bash(repository: string, instance: string, command: string, background = false) {
  calls += 1;
  const toolUseId = `toolu_${calls}`;
  const before = await hook('pre-tool-use', repository, instance, command, { background, toolUseId });
  if (before.decision === 'deny') return { before, after: {} as { decision?: string; reason?: string } };
  spawnSync('bash', ['-c', command], {
    cwd: repository,
    stdio: 'ignore',
    env: { ...process.env, HOME: process.env.XDG_CACHE_HOME },
  });
  const after = await hook('post-tool-use', repository, instance, command, { toolUseId });
  return { before, after };
}

const heldText = 'export const held = "B\'s work";\n';

/** A repository where B holds src/held.ts, the folder lib/ and the glob gen/**\/*.ts by editing them. */
async function repositoryHeldByB(t: TestContext): Promise<string> {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, 'src'));
  mkdirSync(path.join(repository, 'lib'));
  mkdirSync(path.join(repository, 'gen', 'deep'), { recursive: true });
  mkdirSync(path.join(repository, '.baton'));
  writeFileSync(path.join(repository, '.baton', 'config.yaml'), 'hooks:\n  timeout_ms: 5000\n');
  writeFileSync(path.join(repository, 'src', 'held.ts'), heldText);
  writeFileSync(path.join(repository, 'src', 'mine.ts'), 'export const mine = 1;\n');
  writeFileSync(path.join(repository, 'lib', 'util.ts'), 'export const util = 1;\n');
  writeFileSync(path.join(repository, 'gen', 'deep', 'a.ts'), 'export const a = 1;\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-qm', 'files');
  // B's uncommitted work on the held file, which `git checkout --` would throw away.
  writeFileSync(path.join(repository, 'src', 'held.ts'), `${heldText}// more of B's work\n`);
  execFileSync(
    process.execPath,
    [
      path.resolve('bin/baton.js'),
      'claim',
      'src/held.ts',
      'lib',
      'gen/**/*.ts',
      '--instance',
      'B',
      '--reason',
      'B is working',
    ],
    {
      cwd: repository,
      env: { ...process.env, HOME: process.env.XDG_CACHE_HOME, BATON_INSTANCE: 'B' },
      stdio: 'pipe',
    },
  );
  return repository;
}

const attacks = [
  'echo "// A was here" >> src/held.ts',
  "sed -i 's/B/A/' src/held.ts",
  "sed -i$'\\x00' 's/B/A/' src/held.ts || sed -i 's/work/play/' src/held.ts",
  'rm src/held.ts',
  'rm -rf src',
  'mv src/held.ts /tmp/stolen-$$.ts',
  'git checkout -- src/held.ts',
  'git stash',
  'cp src/mine.ts src/held.ts',
  "python3 -c \"open('src/held.ts','w').write('A')\"",
  "node -e \"require('fs').writeFileSync('src/held.ts','A')\"",
  "perl -pi -e 's/B/A/' src/held.ts",
  'truncate -s 0 src/held.ts',
  'dd if=/dev/zero of=src/held.ts bs=1 count=3 2>/dev/null',
  'ln -sf /etc/hostname src/held.ts',
  'tee src/held.ts < /dev/null',
  'printf A > src/./held.ts',
  'cd src && echo A > held.ts',
  'f=src/held.ts; echo A > "$f"',
  'echo A | base64 > src/held.ts',
  'echo A > lib/util.ts',
  'rm lib/util.ts',
  'echo new > lib/new.ts',
  'mkdir -p lib/sub && echo new > lib/sub/new.ts',
  'echo A > gen/deep/a.ts',
  'echo new > gen/deep/b.ts',
  'echo A > gen/c.ts',
  'find lib -name "*.ts" -delete',
  'git rm -q --cached src/held.ts && rm src/held.ts',
  'chmod 000 src/held.ts; echo A > src/held.ts; chmod 644 src/held.ts',
];

describe("another instance's claimed files through Bash", () => {
  for (const attack of attacks) {
    test(`held: ${attack}`, async (t) => {
      const repository = await repositoryHeldByB(t);
      const snapshotOf = (file: string) =>
        existsSync(path.join(repository, file))
          ? readFileSync(path.join(repository, file), 'utf8')
          : undefined;
      const before = new Map(
        ['src/held.ts', 'lib/util.ts', 'gen/deep/a.ts'].map((file) => [file, snapshotOf(file)]),
      );
      const { after } = await bash(repository, 'A', attack);
      for (const [file, text] of before) assert.equal(snapshotOf(file), text, `${file} after: ${attack}`);
      for (const created of ['lib/new.ts', 'lib/sub/new.ts', 'gen/deep/b.ts']) {
        assert.equal(existsSync(path.join(repository, created)), false, `${created} left by: ${attack}`);
      }
      if (after.decision === 'block') assert.match(after.reason ?? '', /instance B holds/);
    });
  }

  test('the event names both versions and A is told; the command version is kept', async (t) => {
    const repository = await repositoryHeldByB(t);
    const { after } = await bash(repository, 'A', 'echo "A\'s idea" > src/held.ts');
    assert.equal(after.decision, 'block');
    assert.match(
      after.reason ?? '',
      /src\/held\.ts: instance B holds it \(claim src\/held\.ts\); baton put its version back \(your version is kept at (.+)\)/,
    );
    const kept = /kept at (.+?)\)/.exec(after.reason ?? '')![1]!;
    assert.equal(readFileSync(kept, 'utf8'), "A's idea\n");
    const store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
    t.after(() => store.close());
    const rows = await store.db
      .selectFrom('events')
      .selectAll()
      .where('kind', '=', 'claim-restored')
      .execute();
    const events = rows.map((row) => ({
      instance: row.instance,
      data: JSON.parse(String(row.data)) as unknown,
    }));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.instance, 'A');
    assert.equal((events[0]!.data as { heldBy: string }).heldBy, 'B');
    assert.equal((events[0]!.data as { kept: string }).kept, kept);
  });

  test('a command sent to the background is caught at the next tool call', async (t) => {
    const repository = await repositoryHeldByB(t);
    const { after } = await bash(
      repository,
      'A',
      '(sleep 0.4; echo A >> src/held.ts) >/dev/null 2>&1 &',
      true,
    );
    assert.deepEqual(after, {});
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const next = await hook('pre-tool-use', repository, 'A', 'ls', { toolUseId: 'toolu_next' });
    assert.equal(next.decision, 'deny');
    assert.match(next.reason ?? '', /instance B holds/);
    assert.equal(
      readFileSync(path.join(repository, 'src/held.ts'), 'utf8'),
      `${heldText}// more of B's work\n`,
    );
  });

  test('controls: A changes its own files freely; B changes what it holds; nobody is told anything', async (t) => {
    const repository = await repositoryHeldByB(t);
    const own = await bash(repository, 'A', 'echo "// A" >> src/mine.ts && echo new > src/new.ts');
    assert.deepEqual(own, { before: {}, after: {} });
    assert.match(readFileSync(path.join(repository, 'src/mine.ts'), 'utf8'), /\/\/ A/);
    assert.ok(existsSync(path.join(repository, 'src/new.ts')));
    const holder = await bash(repository, 'B', 'echo "// B again" >> src/held.ts && echo x > lib/new.ts');
    assert.deepEqual(holder, { before: {}, after: {} });
    assert.match(readFileSync(path.join(repository, 'src/held.ts'), 'utf8'), /B again/);
    assert.ok(existsSync(path.join(repository, 'lib/new.ts')));
  });

  test('a claim too broad to copy denies Bash with the reason; a narrower one is fine', async (t) => {
    const repository = await repositoryHeldByB(t);
    mkdirSync(path.join(repository, 'big'));
    for (let index = 0; index < 600; index++)
      writeFileSync(path.join(repository, 'big', `${index}.txt`), 'x');
    execFileSync(process.execPath, [path.resolve('bin/baton.js'), 'claim', 'big', '--instance', 'C'], {
      cwd: repository,
      env: { ...process.env, HOME: process.env.XDG_CACHE_HOME, BATON_INSTANCE: 'C' },
      stdio: 'pipe',
    });
    const { before } = await bash(repository, 'A', 'ls');
    assert.equal(before.decision, 'deny');
    assert.match(before.reason ?? '', /more than 500 files/);
  });
});

describe("baton's and Claude Code's configuration through Bash", () => {
  const configAttacks: Array<[string, string]> = [
    ['printf "claims:\\n  ttl: 0m\\n" > .baton/config.yaml', '.baton/config.yaml'],
    ['rm .baton/config.yaml', '.baton/config.yaml'],
    ['echo \'{"hooks":{}}\' > .claude/settings.json', '.claude/settings.json'],
    [
      'mkdir -p .claude && echo \'{"disableAllHooks":true}\' > .claude/settings.local.json',
      '.claude/settings.local.json',
    ],
    ['echo \'{"mcpServers":{}}\' > .mcp.json', '.mcp.json'],
    ['git config core.hooksPath /tmp/evil-hooks', '.git/config'],
    ['git config --add alias.st "!touch /tmp/pwned"', '.git/config'],
  ];
  for (const [attack, file] of configAttacks) {
    test(`config: ${attack}`, async (t) => {
      const repository = await repositoryHeldByB(t);
      mkdirSync(path.join(repository, '.claude'), { recursive: true });
      writeFileSync(path.join(repository, '.claude', 'settings.json'), '{"hooks":{"PreToolUse":[]}}\n');
      const absolute = path.join(repository, file);
      const before = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
      const { after } = await bash(repository, 'A', attack);
      assert.equal(existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined, before, attack);
      assert.equal(after.decision, 'block');
      assert.match(after.reason ?? '', /no agent may change it/);
    });
  }

  test('control: reading the configuration changes nothing and says nothing', async (t) => {
    const repository = await repositoryHeldByB(t);
    assert.deepEqual(await bash(repository, 'A', 'cat .baton/config.yaml && git config --get user.name'), {
      before: {},
      after: {},
    });
  });
});
