// The Claude Code sessions `baton run` starts in task worktrees get the run's store and its
// project key (BATON_DATABASE_URL, BATON_PROJECT), so their hooks read and write the run's rows
// even where the worktree has no copy of an uncommitted config. A stand-in `claude` records the
// environment it was started with and answers like Claude Code's stream-json output.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ExecuteRequest } from '../../../src/agents/backend.ts';
import { createBackend } from '../../../src/agents/backends/load-backend.ts';
import { selectBackend } from '../../../src/agents/select-backend.ts';
import { parsePlan } from '../../../src/core/plan/parse.ts';
import { childEnvironment } from '../../support/cli.ts';
import { cleanPlanText } from '../../support/plans.ts';
import { makeRepository, makeTemporaryDirectory } from '../../support/repository.ts';

const plan = parsePlan(cleanPlanText('greeting')).plan;

function standInClaude(folder: string): { command: string; recorded: string } {
  const recorded = path.join(folder, 'environment.json');
  const command = path.join(folder, 'claude');
  const result = { type: 'result', subtype: 'success', is_error: false, result: 'done', usage: {} };
  writeFileSync(
    command,
    `#!${process.execPath}
const { writeFileSync } = require('node:fs');
process.stdin.resume();
process.stdin.on('end', () => {
  const { BATON_DATABASE_URL = null, BATON_PROJECT = null } = process.env;
  writeFileSync(${JSON.stringify(recorded)}, JSON.stringify({ BATON_DATABASE_URL, BATON_PROJECT }));
  process.stdout.write(${JSON.stringify(`${JSON.stringify(result)}\n`)});
});
`,
  );
  chmodSync(command, 0o755);
  return { command, recorded };
}

function request(repository: string): ExecuteRequest {
  return {
    planId: 'greeting',
    plan,
    task: plan.tasks[0]!,
    workdir: repository,
    buildFile: path.join(repository, '.baton', 'handoff', 'greeting', 'BUILD_T1.md'),
    round: 1,
    signal: new AbortController().signal,
  };
}

for (const [name, storeProject, inherited, expected] of [
  // The run's key wins over one the environment happened to carry.
  ['with a project key', 'a-project-key', 'an-inherited-key', 'a-project-key'],
  ['without one (a SQLite store of the repository)', '', undefined, null],
] as const) {
  test(`the claude-code backend hands the store and its project to the session, ${name}`, async (t) => {
    const repository = makeRepository(t);
    const { command, recorded } = standInClaude(makeTemporaryDirectory(t, 'baton-claude-'));
    const descriptor = await selectBackend({
      role: 'executor',
      config: { roles: { executor: { backend: 'claude-code', command, args: [], timeout: 60_000 } } },
    });
    const storeUrl = 'postgres://someone@127.0.0.1:5432/shared';
    const backend = await createBackend(descriptor, {
      repositoryRoot: repository,
      env: childEnvironment({ HOME: makeTemporaryDirectory(t, 'baton-home-'), BATON_PROJECT: inherited }),
      storeUrl,
      storeProject,
    });
    const outcome = await backend.execute!(request(repository));
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome));
    const environment = JSON.parse(readFileSync(recorded, 'utf8'));
    assert.equal(environment.BATON_DATABASE_URL, storeUrl);
    assert.equal(environment.BATON_PROJECT, expected);
  });
}
