// Attempts to switch enforcement off or step around it through the Edit/Write tools, run through
// the real hook entry (`runHook`, what `baton hook pre-tool-use` runs) against real repositories
// and a real store. Each class has a control showing the honest edit is still allowed.
//   - writing baton's state and config, Claude Code's settings, .git, the MCP clients' config
//   - a broken config or a zero lease (which used to make every hook answer nothing)
//   - a store the claims check cannot read (locked, garbage, unreachable)
//   - a payload whose cwd lies outside the repository
//   - a planner without BATON_PLAN overwriting a plan already in review
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { runHook } from '../../src/integrations/claude/hook-entry.ts';
import { makeRepository, makeTemporaryDirectory } from '../support/repository.ts';

// The hooks keep a per-user cache of validated configs: give this file its own.
process.env.XDG_CACHE_HOME = makeTemporaryDirectory(undefined, 'baton-security-cache-');

type Tool = 'Write' | 'Edit' | 'MultiEdit' | 'NotebookEdit';

interface Attempt {
  file: string;
  tool?: Tool;
  env?: Record<string, string>;
  cwd?: string;
}

async function decide(repository: string, attempt: Attempt): Promise<{ decision?: string; reason?: string }> {
  const tool = attempt.tool ?? 'Write';
  const file = path.isAbsolute(attempt.file) ? attempt.file : path.join(repository, attempt.file);
  const toolInput =
    tool === 'NotebookEdit' ? { notebook_path: file, new_source: 'x' } : { file_path: file, content: 'x' };
  const outcome = await runHook('pre-tool-use', {
    input: JSON.stringify({
      session_id: 'session-1',
      cwd: attempt.cwd ?? repository,
      hook_event_name: 'PreToolUse',
      tool_name: tool,
      tool_input: toolInput,
    }),
    env: { BATON_INSTANCE: 'A', ...attempt.env },
    cwd: attempt.cwd ?? repository,
  });
  if (outcome.stdout === '') return {};
  const answer = JSON.parse(outcome.stdout).hookSpecificOutput;
  return { decision: answer.permissionDecision, reason: answer.permissionDecisionReason };
}

function repositoryWithConfig(t: TestContext, config = ''): string {
  const repository = makeRepository(t);
  mkdirSync(path.join(repository, '.baton', 'plans', 'review'), { recursive: true });
  writeFileSync(path.join(repository, '.baton', 'config.yaml'), config);
  return repository;
}

const roles: Record<string, Record<string, string>> = {
  'no role': {},
  'an executor declared for everything': { BATON_ROLE: 'executor', BATON_TASK_FILES: '**' },
  'an executor declaring the protected path': {
    BATON_ROLE: 'executor',
    BATON_TASK_FILES:
      'src/**,.baton/**,.claude/**,.git/**,.mcp.json,.codex/**,.cursor/**,.gemini/**,.vscode/**,sub/**',
  },
  'a reviewer': { BATON_ROLE: 'reviewer' },
};

const protectedFiles = [
  '.baton/config.yaml',
  '.baton/baton.db',
  '.baton/baton.db-wal',
  '.baton/plans/active/p.md',
  '.baton/plans/review/p.md',
  '.baton/hooks.log',
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.git/config',
  '.git/hooks/pre-commit',
  '.git/refs/heads/baton/p',
  'sub/.git/config',
  '.mcp.json',
  '.codex/config.toml',
  '.cursor/mcp.json',
  '.gemini/settings.json',
  '.vscode/mcp.json',
  '.BATON/config.yaml',
  '.Claude/Settings.json',
  'src/../.baton/config.yaml',
];

describe('no agent writes baton, Claude Code, git or MCP configuration', () => {
  for (const [name, env] of Object.entries(roles)) {
    test(`${name}: every protected path is denied with the reason`, async (t) => {
      const repository = repositoryWithConfig(t);
      let attempts = 0;
      for (const file of protectedFiles) {
        for (const tool of ['Write', 'Edit', 'MultiEdit'] as const) {
          const answer = await decide(repository, { file, tool, env });
          attempts += 1;
          assert.equal(answer.decision, 'deny', `${name}: ${tool} ${file} was allowed`);
          assert.match(
            answer.reason ?? '',
            /no agent writes it|\.git folder|inside the repository|declared files/,
            file,
          );
        }
      }
      assert.equal(attempts, protectedFiles.length * 3);
      // Control: the same session may edit a source file (the executor's declared files cover it).
      if (env.BATON_ROLE !== 'reviewer') {
        assert.deepEqual(await decide(repository, { file: 'src/app.ts', env }), {});
        assert.deepEqual(await decide(repository, { file: '.claude/commands/review.md', env }), {});
      }
    });
  }

  test('a symlink into .baton or .git is followed and denied; a link inside the repository to source is allowed', async (t) => {
    const repository = repositoryWithConfig(t);
    symlinkSync(path.join(repository, '.baton'), path.join(repository, 'state'));
    mkdirSync(path.join(repository, 'src'));
    symlinkSync(path.join(repository, '.git', 'config'), path.join(repository, 'src', 'config'));
    symlinkSync(path.join(repository, 'src'), path.join(repository, 'code'));
    assert.equal((await decide(repository, { file: 'state/config.yaml' })).decision, 'deny');
    assert.equal((await decide(repository, { file: 'src/config' })).decision, 'deny');
    assert.deepEqual(await decide(repository, { file: 'code/app.ts' }), {});
  });

  test('a store placed outside .baton (store.url) and a plans folder moved elsewhere are protected too', async (t) => {
    const repository = repositoryWithConfig(t, 'store:\n  url: data/state.db\nplans:\n  dir: planning\n');
    for (const file of [
      'data/state.db',
      'data/state.db-wal',
      'planning/active/p.md',
      'planning/review/p.md',
    ]) {
      assert.equal((await decide(repository, { file })).decision, 'deny', file);
    }
    assert.deepEqual(await decide(repository, { file: 'data/seed.json' }), {});
  });
});

describe('a broken or nonsensical config denies instead of answering nothing', () => {
  const broken: Record<string, string> = {
    'YAML that does not parse': 'claims: [unclosed\n',
    'a zero lease': 'claims:\n  ttl: 0m\n',
    'a lease that is not a duration': 'claims:\n  ttl: forever\n',
    'a zero hook time-out': 'hooks:\n  timeout_ms: 0\n',
    'an unknown key': 'claimz:\n  ttl: 5m\n',
    'a list where a map belongs': '- claims\n',
  };
  for (const [name, config] of Object.entries(broken)) {
    test(`${name}: every edit is denied naming the config and the fix`, async (t) => {
      const repository = repositoryWithConfig(t, config);
      const sessions: Array<Record<string, string>> = [
        {},
        { BATON_ROLE: 'planner' },
        { BATON_ROLE: 'executor', BATON_TASK_FILES: 'src/**' },
      ];
      for (const env of sessions) {
        const answer = await decide(repository, { file: 'src/app.ts', env });
        assert.equal(answer.decision, 'deny', `${name} with ${JSON.stringify(env)}`);
        assert.match(answer.reason ?? '', /config/i);
        assert.match(answer.reason ?? '', /baton doctor/);
      }
    });
  }

  test('control: a sensible lease and time-out allow the edit', async (t) => {
    const repository = repositoryWithConfig(t, 'claims:\n  ttl: 5m\nhooks:\n  timeout_ms: 2000\n');
    assert.deepEqual(await decide(repository, { file: 'src/app.ts' }), {});
  });
});

describe('the store the claims check needs', () => {
  test('a store that is not a database denies an ordinary edit (it may be held by another instance)', async (t) => {
    const repository = repositoryWithConfig(t);
    assert.deepEqual(
      await decide(repository, { file: 'src/first.ts' }),
      {},
      'control: a working store allows',
    );
    writeFileSync(path.join(repository, '.baton', 'baton.db'), 'garbage '.repeat(1000));
    const answer = await decide(repository, { file: 'src/second.ts' });
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason ?? '', /could not be checked/);
  });

  test('an unreachable Postgres denies, without showing its password', async (t) => {
    const repository = repositoryWithConfig(t, 'hooks:\n  timeout_ms: 2000\n');
    const answer = await decide(repository, {
      file: 'src/app.ts',
      env: { BATON_DATABASE_URL: 'postgres://baton:hunter2@127.0.0.1:1/none' },
    });
    assert.equal(answer.decision, 'deny');
    assert.doesNotMatch(answer.reason ?? '', /hunter2/);
  });
});

describe('the repository is found from the project and the edited file, not only the payload cwd', () => {
  async function heldByB(repository: string): Promise<void> {
    assert.deepEqual(await decide(repository, { file: 'src/held.ts', env: { BATON_INSTANCE: 'B' } }), {});
  }

  test('cwd outside any repository: another instance claim still denies the edit', async (t) => {
    const repository = repositoryWithConfig(t);
    await heldByB(repository);
    const elsewhere = makeTemporaryDirectory(t);
    const answer = await decide(repository, { file: path.join(repository, 'src/held.ts'), cwd: elsewhere });
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason ?? '', /instance B/);
    // The project named by Claude Code decides too.
    const viaProject = await decide(repository, {
      file: path.join(repository, 'src/held.ts'),
      cwd: elsewhere,
      env: { CLAUDE_PROJECT_DIR: repository },
    });
    assert.equal(viaProject.decision, 'deny');
    // Control: a file nobody holds is allowed from there.
    assert.deepEqual(
      await decide(repository, { file: path.join(repository, 'src/free.ts'), cwd: elsewhere }),
      {},
    );
  });

  test('cwd in a repository the agent laid out elsewhere: the project decides, the edit is outside it', async (t) => {
    const repository = repositoryWithConfig(t);
    await heldByB(repository);
    const decoy = makeRepository(t);
    const answer = await decide(repository, {
      file: path.join(repository, 'src/held.ts'),
      cwd: decoy,
      env: { CLAUDE_PROJECT_DIR: repository },
    });
    assert.equal(answer.decision, 'deny');
  });

  test('a planner in a folder outside the repository is still a planner', async (t) => {
    const repository = repositoryWithConfig(t);
    const elsewhere = makeTemporaryDirectory(t);
    const answer = await decide(repository, {
      file: path.join(repository, 'src/app.ts'),
      cwd: elsewhere,
      env: { BATON_ROLE: 'planner' },
    });
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason ?? '', /planner never edits code/);
  });
});

describe('the planner writes only a new plan, or the one BATON_PLAN names', () => {
  test('without BATON_PLAN: a new plan is allowed, an existing one is not', async (t) => {
    const repository = repositoryWithConfig(t);
    writeFileSync(path.join(repository, '.baton/plans/review/theirs.md'), '# Their plan\n');
    const planner = { BATON_ROLE: 'planner', BATON_INSTANCE: 'P' };
    const overwrite = await decide(repository, { file: '.baton/plans/review/theirs.md', env: planner });
    assert.equal(overwrite.decision, 'deny');
    assert.match(overwrite.reason ?? '', /exists already/);
    for (const tool of ['Edit', 'MultiEdit'] as const) {
      assert.equal(
        (await decide(repository, { file: '.baton/plans/review/theirs.md', tool, env: planner })).decision,
        'deny',
      );
    }
    assert.deepEqual(await decide(repository, { file: '.baton/plans/review/mine.md', env: planner }), {});
    const named = { ...planner, BATON_PLAN: 'theirs' };
    assert.deepEqual(await decide(repository, { file: '.baton/plans/review/theirs.md', env: named }), {});
    assert.equal((await decide(repository, { file: '.baton/config.yaml', env: named })).decision, 'deny');
  });
});
