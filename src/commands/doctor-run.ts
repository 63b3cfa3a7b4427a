// The checks of `baton doctor` (see doctor.ts). A check is ok, a warning (baton works, with
// less), or a failure (something baton needs, or `sandbox: required` that cannot be met);
// any failure makes the exit code 1.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { batonHooksInstalled } from '../claude-code/settings-files.ts';
import type { SandboxMode } from '../config/config-schema.ts';
import { isPostgresUrl } from '../store/store-location.ts';
import { findRepositoryRoot } from '../workspace/repository.ts';
import {
  bubblewrapAvailability,
  claudeSandboxAvailability,
  findExecutable,
} from '../workspace/sandbox/availability.ts';
import { toolVersion } from '../workspace/tool-version.ts';
import { setExitCode, writeJson, writeLine } from './output.ts';

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warning' | 'failure';
  detail: string;
  fix?: string;
}

const minimumNodeMajor = 22;

function toolCheck(
  name: string,
  command: string,
  missingStatus: DoctorCheck['status'],
  fix: string,
): DoctorCheck {
  const version = toolVersion(command);
  return version === undefined
    ? { name, status: missingStatus, detail: `${command} not found or not working`, fix }
    : { name, status: 'ok', detail: version };
}

async function repositoryChecks(mode: { value: SandboxMode; source: string }): Promise<DoctorCheck[]> {
  const repositoryRoot = findRepositoryRoot(process.cwd());
  if (repositoryRoot === undefined)
    return [
      {
        name: 'repository',
        status: 'warning',
        detail: 'not inside a git repository: the store, the hooks and the sandbox setting were not checked',
        fix: 'run baton doctor inside your repository',
      },
    ];
  const checks: DoctorCheck[] = [];
  const { createContext } = await import('./context.ts');
  let context: Awaited<ReturnType<typeof createContext>> | undefined;
  try {
    context = await createContext();
    mode.value = context.config.sandbox;
    if (existsSync(path.join(repositoryRoot, '.baton', 'config.yaml'))) mode.source = '.baton/config.yaml';
    // Opening a SQLite store creates it: a doctor only looks.
    const url = context.storeOptions.url;
    if (!isPostgresUrl(url) && !existsSync(url)) throw new Error(`${url} does not exist`);
    const store = await context.store();
    await store.db.selectFrom('events').select('id').limit(1).execute();
    checks.push({ name: 'store', status: 'ok', detail: `reachable (${store.location})` });
  } catch (error) {
    checks.push({
      name: 'store',
      status: 'failure',
      detail: `not reachable: ${(error as Error).message}`,
      fix: 'run baton init here (or fix store.url / BATON_DATABASE_URL)',
    });
  } finally {
    await context?.close();
  }
  checks.push(
    batonHooksInstalled(repositoryRoot, process.env.HOME ?? homedir())
      ? { name: 'hooks', status: 'ok', detail: "baton's hooks are in Claude Code's settings" }
      : {
          name: 'hooks',
          status: 'warning',
          detail:
            "baton's hooks are not in Claude Code's settings here (baton-started sessions get them anyway)",
          fix: 'baton hooks install (or start sessions with baton claude)',
        },
  );
  return checks;
}

function sandboxCheck(mode: SandboxMode, source: string): DoctorCheck {
  if (mode === 'off')
    return {
      name: 'sandbox',
      status: 'warning',
      detail: `sandbox: off (${source}): agents' commands are never confined`,
      fix: 'set sandbox: auto (or required) in .baton/config.yaml',
    };
  const claude = claudeSandboxAvailability();
  const bubblewrap = bubblewrapAvailability();
  const gaps = [
    ...(claude.available ? [] : [`Claude Code's Bash sandbox: ${claude.missing.join('; ')}`]),
    ...(bubblewrap.available ? [] : [`run_command and command backends: ${bubblewrap.missing.join('; ')}`]),
  ];
  if (gaps.length === 0)
    return {
      name: 'sandbox',
      status: 'ok',
      detail: `sandbox: ${mode} (${source}); confines Claude Code's Bash and, with bubblewrap, run_command and command backends`,
    };
  return {
    name: 'sandbox',
    status: mode === 'required' ? 'failure' : 'warning',
    detail: `sandbox: ${mode} (${source}) cannot confine: ${gaps.join(' | ')}${mode === 'required' ? ' — agents will not start' : ' — agents start unconfined, with a warning'}`,
    fix: claude.fix ?? bubblewrap.fix ?? 'see baton doctor',
  };
}

export async function runDoctor(options: { json?: boolean }): Promise<void> {
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const checks: DoctorCheck[] = [
    nodeMajor >= minimumNodeMajor
      ? { name: 'node', status: 'ok', detail: process.version }
      : {
          name: 'node',
          status: 'failure',
          detail: `${process.version} is older than ${minimumNodeMajor}`,
          fix: 'install Node 22.12 or newer (24 recommended)',
        },
    toolCheck('git', 'git', 'failure', 'install git'),
  ];
  const bwrap = findExecutable('bwrap');
  checks.push(
    bwrap
      ? { name: 'bubblewrap', status: 'ok', detail: toolVersion(bwrap) ?? bwrap }
      : {
          name: 'bubblewrap',
          status: 'warning',
          detail: 'bwrap not found on PATH',
          fix: 'apt-get install -y bubblewrap (Linux)',
        },
  );
  const socat = findExecutable('socat');
  checks.push(
    socat
      ? { name: 'socat', status: 'ok', detail: (toolVersion(socat) ?? socat).replace(/^socat by .*$/, socat) }
      : {
          name: 'socat',
          status: 'warning',
          detail: 'socat not found on PATH',
          fix: 'apt-get install -y socat (Linux)',
        },
  );
  checks.push(
    toolCheck(
      'claude',
      'claude',
      'warning',
      'npm install -g @anthropic-ai/claude-code (for the claude-code backend)',
    ),
    toolCheck('codex', 'codex', 'warning', 'npm install -g @openai/codex (for the codex backend)'),
  );
  const mode = { value: 'auto' as SandboxMode, source: 'default' };
  const inRepository = await repositoryChecks(mode);
  checks.push(sandboxCheck(mode.value, mode.source), ...inRepository);

  if (checks.some((check) => check.status === 'failure')) setExitCode(1);
  if (options.json) {
    writeJson({ ok: !checks.some((check) => check.status === 'failure'), sandbox: mode.value, checks });
    return;
  }
  const marks = { ok: 'ok  ', warning: 'warn', failure: 'FAIL' } as const;
  for (const check of checks) {
    writeLine(`${marks[check.status]}  ${check.name.padEnd(10)} ${check.detail}`);
    if (check.fix && check.status !== 'ok') writeLine(`      ${''.padEnd(10)} fix: ${check.fix}`);
  }
}
