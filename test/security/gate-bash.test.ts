// The human gate in a hooked session's Bash: the PreToolUse handler, called with Claude Code's
// payloads, denies every person's command in every form an agent could write it — by name, by
// path, through interpreters, wrappers, quoting, substitutions and encodings — in sessions with
// and without a role, and records each denial. Controls: the commands an agent may run (a
// read-only `baton show`, `baton claims`, reading `.baton/`, `grep baton`) get no decision.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { HookResult } from '../../src/claude-code/hook-answers.ts';
import { parseHookPayload } from '../../src/claude-code/hook-payload.ts';
import { defaultConfig } from '../../src/config/load-config.ts';
import { handlePreToolUse } from '../../src/integrations/claude/handlers/pre-tool-use.ts';
import { createHookContext } from '../../src/integrations/claude/hook-context.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { batonBin } from '../support/cli.ts';
import { makeRepository } from '../support/repository.ts';

let repository = '';
let store: Store;

before(async () => {
  repository = makeRepository(undefined);
  store = await openStore({ url: path.join(repository, '.baton', 'baton.db') });
});
after(() => store.close());

interface Answer {
  decision?: string;
  reason?: string;
}

/** What a hook result says: a decision and its reason, or nothing. */
function read(result: HookResult): Answer {
  if (result.stdout === undefined) return {};
  const output = JSON.parse(result.stdout).hookSpecificOutput;
  return { decision: output.permissionDecision, reason: output.permissionDecisionReason };
}

/** The PreToolUse answer to `command` in Bash, for a session started with `env`. */
async function bash(command: string, env: Record<string, string> = {}): Promise<Answer> {
  const context = createHookContext({ repositoryRoot: repository, config: defaultConfig(), env });
  try {
    return read(
      await handlePreToolUse(
        parseHookPayload(
          JSON.stringify({
            hook_event_name: 'PreToolUse',
            cwd: repository,
            tool_name: 'Bash',
            tool_input: { command },
          }),
        ),
        context,
      ),
    );
  } finally {
    await context.close();
  }
}

const sessions: Record<string, Record<string, string>> = {
  'a session without a role': { BATON_INSTANCE: 'A' },
  'an executor': { BATON_INSTANCE: 'run.p.T1', BATON_ROLE: 'executor', BATON_TASK_FILES: 'src/**' },
  'a session without an instance': {},
};

/** The person's commands, as an agent would type them. */
const personCommands = [
  'approve p --by Ada',
  'reject p --reason no',
  'revise p --reason change',
  'complete p --force',
  'review p --task T1 --score 100',
  'score p T1 --correctness 100',
  'retry p T1 --note go',
  'hooks uninstall',
  'mcp uninstall',
  'release src/x.ts --force',
  'claude --instance B',
  'claude --role planner',
];

/** Ways of running baton with `args`, each a different road to the same program. */
const forms: Record<string, (args: string) => string> = {
  'by name': (args) => `baton ${args}`,
  'bin/baton.js through node': (args) => `node bin/baton.js ${args}`,
  'the installed path': (args) => `node ${batonBin} ${args}`,
  'the installed path run directly': (args) => `${batonBin} ${args}`,
  npx: (args) => `npx baton ${args}`,
  'npm exec': (args) => `npm exec baton -- ${args}`,
  'sh -c': (args) => `sh -c "baton ${args}"`,
  'bash -c, single quotes': (args) => `bash -c 'baton ${args}'`,
  'an env prefix': (args) => `env FOO=1 baton ${args}`,
  'an assignment prefix': (args) => `CI=1 baton ${args}`,
  'quoted name': (args) => `"baton" ${args}`,
  'name split by quotes': (args) => `ba''t"o"n ${args}`,
  'backslash in the name': (args) => `ba\\ton ${args}`,
  'command substitution': (args) => `$(echo baton) ${args}`,
  backticks: (args) => `\`which baton\` ${args}`,
  'ANSI-C escapes': (args) => `$'\\x62\\141ton' ${args}`,
  'an empty substitution inside the name': (args) => `b$()aton ${args}`,
  'a glob for the bin path': (args) => `node ${path.dirname(batonBin)}/b*.js ${args}`,
  'script (a pty)': (args) => `script -qc "baton ${args}" /dev/null`,
  'a here-document into sh': (args) => `sh <<'EOF'\nbaton ${args}\nEOF`,
  'command/exec wrappers': (args) => `command exec baton ${args}`,
  'after another command': (args) => `git status; baton ${args}`,
  xargs: (args) => `echo ${args} | xargs baton`,
  eval: (args) => `eval "baton ${args}"`,
  'a background job': (args) => `nohup baton ${args} &`,
  'upper case (case-insensitive file systems)': (args) => `BATON ${args}`,
  'a script written for later': (args) => `echo "baton ${args}" > /tmp/later.sh`,
  'a git alias': (args) => `git config alias.ok "!baton ${args}"`,
  'git -c alias': (args) => `git -c alias.ok="!baton ${args}" ok`,
};

describe("a person's commands in an agent's Bash are denied", () => {
  for (const [formName, form] of Object.entries(forms)) {
    for (const args of personCommands) {
      const command = form(args);
      test(`${args.split(' ').slice(0, 2).join(' ')} — ${formName}`, async () => {
        const answer = await bash(command, sessions['a session without a role']);
        assert.equal(answer.decision, 'deny', `${command} was not denied`);
        assert.match(answer.reason ?? '', /^baton: /);
      });
    }
  }
});

describe('in every hooked session, with or without a role', () => {
  for (const [sessionName, env] of Object.entries(sessions)) {
    test(`baton approve is denied in ${sessionName}`, async () => {
      const answer = await bash('baton approve p', env);
      assert.equal(answer.decision, 'deny');
      assert.match(answer.reason ?? '', /approve is a person's command/);
    });
    test(`control: baton show is allowed in ${sessionName}`, async () => {
      assert.deepEqual(await bash('baton show p', env), {});
    });
  }
});

describe('identity cannot be borrowed from Bash', () => {
  const attempts: Record<string, string> = {
    'BATON_INSTANCE prefix': 'BATON_INSTANCE=B baton release src/x.ts',
    'CLAUDE_INSTANCE prefix': 'CLAUDE_INSTANCE=B baton release --all',
    'export BATON_INSTANCE': 'export BATON_INSTANCE=B && baton release src/x.ts',
    'env BATON_INSTANCE': 'env BATON_INSTANCE=B baton claim src/x.ts',
    'a quoted name': 'export "BATON_INSTANCE"=B; baton release --all',
    'a name split by quotes': "export BATON_'INST'ANCE=B; baton release --all",
    'a name built at run time': 'X=INSTANCE; export BATON_$X=B; baton release --all',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's braces, as an agent types them
    'a name built with braces': 'export BATON_${X}=B',
    'unset the agent marker': 'unset BATON_AGENT; baton approve p',
    'unset the role': 'unset BATON_ROLE',
    'env -u the marker': 'env -u BATON_AGENT node x.js',
    'env -i': 'env -i PATH=/usr/bin:/bin npm run approve',
    'env - (empty environment)': 'env - sh -c "npm run approve"',
    'exec -c': 'exec -c bash',
    'unset a computed name': 'unset $(compgen -v | grep AGENT)',
    'a script setting the variable': 'node -e "process.env.BATON_INSTANCE=\'B\'"',
    'python setting it in pieces': "python3 -c \"import os; os.environ['BATON_' + 'AGENT']=''\"",
    'the --instance flag': 'baton release src/x.ts --instance B',
    'the --instance= flag': 'baton claim src/x.ts --instance=B',
    'claims --instance': 'baton claims --instance B',
  };
  for (const [name, command] of Object.entries(attempts)) {
    test(`denied: ${name}`, async () => {
      const answer = await bash(command, { BATON_INSTANCE: 'A' });
      assert.equal(answer.decision, 'deny', `${command} was not denied`);
    });
  }
});

describe('controls: what an agent may run gets no decision', () => {
  const allowed = [
    'baton show p',
    'baton plans --json',
    'baton status',
    'baton claims',
    'baton claim src/x.ts --reason editing',
    'baton release src/x.ts',
    'baton pool post --topic t --summary s',
    'baton lint p',
    'baton --help',
    'baton show p | head -20',
    'baton plans --json > /tmp/plans.json',
    'node bin/baton.js show p',
    'npx baton status',
    'cat .baton/config.yaml',
    'ls .baton/plans/review',
    'grep -rn baton src',
    'echo $BATON_PLAN $BATON_TASK',
    'npm test',
    'git status --short && git diff',
    'export PATH=$PATH:/usr/local/bin',
    'cd /repo.baton-worktrees/p/T1 && npm test',
    'git commit -m "Fix the baton approve flow"',
    'git log --grep baton',
  ];
  for (const command of allowed) {
    test(`allowed: ${command}`, async () => {
      assert.deepEqual(await bash(command, { BATON_INSTANCE: 'A', BATON_ROLE: 'executor' }), {});
    });
  }
});

test('a denial is recorded as a command-denied event naming the reason', async () => {
  await bash('baton approve recorded-plan', { BATON_INSTANCE: 'A' });
  const rows = await store.db.selectFrom('events').selectAll().where('kind', '=', 'command-denied').execute();
  const event = rows
    .map((row) => ({ ...row, data: JSON.parse(String(row.data)) }))
    .find((row) => String(row.data.command).includes('recorded-plan'));
  assert.ok(event, 'no command-denied event');
  assert.equal(event.instance, 'A');
  assert.match(String(event.data.reason), /approve is a person's command/);
});
