// Is a person running this process, or an agent? The environment says so for every honest
// agent (core/people/person-only.ts), but an agent can empty its environment (`env -i`) or start
// a command through another program. The processes above this one still tell: Claude Code's
// Bash, Codex's sandboxed commands and every agent baton starts carry an agent marker in the
// environment they were started with, which Linux keeps readable in /proc/<pid>/environ, and an
// agent CLI shows in its command line. So a person's command also looks at its ancestors.
//
// Limit (docs/security.md): a process that leaves its ancestry (a double fork, `setsid -f`, a
// job handed to a service running outside the agent) has no agent above it any more; this check
// makes the honest path fail loudly, the OS sandbox and signed approvals hold the rest. On a
// system without /proc the ancestry is not read and only the environment counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agentMarker, assertPerson } from '../../core/people/person-only.ts';
import { BatonError } from '../../errors.ts';

/** How ancestors are read; tests hand in a fake /proc. */
export interface ProcessTable {
  parentOf(pid: number): number | undefined;
  environmentOf(pid: number): Record<string, string> | undefined;
  commandOf(pid: number): string[] | undefined;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Another user's process (sshd, login) cannot be read: it is not the agent, which runs as us.
    return undefined;
  }
}

/** The process table under `root` (default /proc). */
export function procTable(root = '/proc'): ProcessTable {
  return {
    parentOf(pid) {
      const stat = readOrUndefined(path.join(root, String(pid), 'stat'));
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = fields === undefined ? Number.NaN : Number(fields[1]);
      return Number.isInteger(parent) && parent > 0 ? parent : undefined;
    },
    environmentOf(pid) {
      const text = readOrUndefined(path.join(root, String(pid), 'environ'));
      if (text === undefined) return undefined;
      const environment: Record<string, string> = {};
      for (const entry of text.split('\0')) {
        const equals = entry.indexOf('=');
        if (equals > 0) environment[entry.slice(0, equals)] = entry.slice(equals + 1);
      }
      return environment;
    },
    commandOf(pid) {
      const text = readOrUndefined(path.join(root, String(pid), 'cmdline'));
      return text === undefined ? undefined : text.split('\0').filter((part) => part !== '');
    },
  };
}

/** Agent CLIs recognised by the program they run. */
const agentPrograms = new Set(['claude', 'claude.exe', 'codex', 'codex.exe']);

function agentProgram(command: readonly string[] | undefined): string | undefined {
  if (command === undefined) return undefined;
  // `node …/claude-code/cli.js` runs Claude Code too: look at the program and its script.
  for (const word of command.slice(0, 2)) {
    const name = path.basename(word);
    if (agentPrograms.has(name) || /claude-code[\\/]cli\.m?js$/.test(word)) return name;
  }
  return undefined;
}

/** The first ancestor (from `pid` up) that is or belongs to an agent, and why. */
export function agentAncestor(
  pid: number,
  table: ProcessTable = procTable(),
): { pid: number; reason: string } | undefined {
  const seen = new Set<number>();
  let current: number | undefined = pid;
  while (current !== undefined && current > 1 && !seen.has(current) && seen.size < 256) {
    seen.add(current);
    const marker = agentMarker(table.environmentOf(current) ?? {});
    if (marker !== undefined) return { pid: current, reason: `process ${current} runs with ${marker}` };
    const program = agentProgram(table.commandOf(current));
    if (program !== undefined) return { pid: current, reason: `process ${current} is ${program}` };
    current = table.parentOf(current);
  }
  return undefined;
}

export interface PersonCheckOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the ancestry starts (default: this process). */
  pid?: number;
  table?: ProcessTable;
}

/**
 * Throws PERSON_ONLY unless a person runs `action`: no agent marker in this environment and
 * none in the processes above this one.
 */
export function assertPersonProcess(action: string, options: PersonCheckOptions = {}): void {
  assertPerson(action, options.env ?? process.env);
  if (process.platform !== 'linux' && options.table === undefined) return;
  const found = agentAncestor(options.pid ?? process.pid, options.table);
  if (found === undefined) return;
  throw new BatonError(
    'PERSON_ONLY',
    `${action} is a person's command, and this process runs under an agent (${found.reason})`,
    {
      hint: 'Only a person approves, rejects, revises, completes and records review scores: run it from your own terminal, not from an agent session.',
      data: { action, ancestor: found.pid },
    },
  );
}

/** Whether a person sits at this process's terminal: stdin and stdout are both TTYs. */
export function atTerminal(
  streams: { stdin: { isTTY?: boolean }; stdout: { isTTY?: boolean } } = process,
): boolean {
  return streams.stdin.isTTY === true && streams.stdout.isTTY === true;
}

/**
 * Throws PERSON_ONLY unless `action` comes from a person at a terminal: what a `terminal`
 * approval stands for. A pipe, a file or a headless agent's Bash has no TTY; an agent that makes
 * one (`script -qc`, a pty module) still runs under the agent, which assertPersonProcess finds.
 */
export function assertPersonAtTerminal(action: string, options: PersonCheckOptions = {}): void {
  assertPersonProcess(action, options);
  if (atTerminal()) return;
  throw new BatonError(
    'PERSON_ONLY',
    `${action} needs a person at a terminal, and stdin or stdout is not one`,
    {
      hint: 'Run it in your own terminal, or sign the approval: baton approve <plan> --sign ~/.ssh/id_ed25519.',
      data: { action, terminal: false },
    },
  );
}

/**
 * The Claude Code session this process runs in, if any: Claude Code gives its Bash commands
 * CLAUDE_CODE_SESSION_ID, and the shells above keep it even when a command dropped it.
 */
export function claudeSession(options: PersonCheckOptions = {}): string | undefined {
  const own = (options.env ?? process.env).CLAUDE_CODE_SESSION_ID?.trim();
  if (own) return own;
  if (process.platform !== 'linux' && options.table === undefined) return undefined;
  const table = options.table ?? procTable();
  const seen = new Set<number>();
  let current: number | undefined = options.pid ?? process.pid;
  while (current !== undefined && current > 1 && !seen.has(current) && seen.size < 256) {
    seen.add(current);
    const session = table.environmentOf(current)?.CLAUDE_CODE_SESSION_ID?.trim();
    if (session) return session;
    current = table.parentOf(current);
  }
  return undefined;
}
