// `baton mcp install | uninstall`: baton as an MCP server in a client's own configuration,
// project or user scope. JSON files are merged like `hooks install` (only the `baton` entry
// changes, every other server and setting stays); Codex's TOML gets one `[mcp_servers.baton]`
// table, replaced or removed whole. Each file is written through a rename: never half written.
// Uninstalling drops a section (`mcpServers`) that baton's entry was all of, and a file left
// with nothing in it (with its client folder, if that is then empty).
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { agentClientFolders, type McpClientName, mcpClientFiles } from '../../core/paths/control-files.ts';
import { BatonError } from '../../errors.ts';
import { batonBinPath } from '../../installation.ts';
import { writeFileAtomically } from '../../workspace/atomic-write.ts';
import {
  applySettingsPlan,
  planSettingsUpdate,
  type Settings,
  type SettingsChange,
} from '../claude/settings.ts';

export const mcpClients = Object.keys(mcpClientFiles) as McpClient[];
export type McpClient = McpClientName;
export type McpScope = 'project' | 'user';

/**
 * Where each client reads its MCP servers from: the project file of core/paths/control-files.ts
 * (which no agent may write), or the same file under the home folder; Claude Code's user scope
 * is `~/.claude.json`.
 */
export function clientConfigFile(
  client: McpClient,
  scope: McpScope,
  repositoryRoot: string,
  home = homedir(),
): string {
  if (scope === 'user' && client === 'claude-code') return path.join(home, '.claude.json');
  return path.join(scope === 'project' ? repositoryRoot : home, mcpClientFiles[client]);
}

export interface ServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** How a client starts this baton's server: its own node and bin, so no PATH is needed. */
export function serverEntry(options: { instance?: string; role?: string; tools?: string }): ServerEntry {
  return {
    command: process.execPath,
    args: [
      batonBinPath(),
      'mcp',
      ...(options.role ? ['--role', options.role] : []),
      ...(options.tools ? ['--tools', options.tools] : []),
    ],
    // The instance comes from the environment: `--instance` is a person's override.
    env: options.instance ? { BATON_INSTANCE: options.instance } : {},
  };
}

// The folders baton's install may have created for a client's file (`.codex/`, `.cursor/`,
// `.gemini/`): removed with the file when nothing else is in them.
const clientFolders = new Set(agentClientFolders);

/** Uninstalling left the file with nothing in it: it goes, and its client folder if now empty. */
function removeEmptiedFile(file: string): SettingsChange {
  rmSync(file, { force: true });
  const folder = path.dirname(file);
  if (clientFolders.has(path.basename(folder)) && readdirSync(folder).length === 0) rmdirSync(folder);
  return { file, changed: true };
}

function jsonUpdate(file: string, entry: ServerEntry | undefined): SettingsChange {
  const plan = planSettingsUpdate(file, (settings: Settings) => {
    const servers = settings.mcpServers;
    if (servers !== undefined && (servers === null || typeof servers !== 'object' || Array.isArray(servers)))
      throw new BatonError('CONFIG_INVALID', `${file}: "mcpServers" is not an object`);
    const current = { ...((servers as Record<string, unknown> | undefined) ?? {}) };
    if (entry === undefined) {
      if (!('baton' in current)) return settings;
      delete current.baton;
      // Like `hooks uninstall`: a section baton's entry was all of goes with it.
      if (Object.keys(current).length === 0) {
        const { mcpServers: _emptied, ...rest } = settings;
        return rest;
      }
    } else current.baton = entry;
    return { ...settings, mcpServers: current };
  });
  if (entry === undefined && plan.changed && plan.next?.trim() === '{}') return removeEmptiedFile(file);
  return applySettingsPlan(plan);
}

const tomlString = (text: string): string => JSON.stringify(text);

/** The text without baton's table (and its sub-tables), then with the new one if given. */
export function tomlWithServer(text: string, entry: ServerEntry | undefined): string {
  const kept: string[] = [];
  let inBaton = false;
  for (const line of text.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) inBaton = /^mcp_servers\.(baton|"baton")(\.|$)/.test(header[1]!.trim());
    if (!inBaton) kept.push(line);
  }
  let result = kept.join('\n').replace(/\n+$/, '');
  if (entry !== undefined) {
    const env = Object.entries(entry.env).map(([key, value]) => `${key} = ${tomlString(value)}`);
    const table = [
      '[mcp_servers.baton]',
      `command = ${tomlString(entry.command)}`,
      `args = [${entry.args.map(tomlString).join(', ')}]`,
      ...(env.length > 0 ? [`env = { ${env.join(', ')} }`] : []),
      // Headless `codex exec` (approval policy never) refuses every MCP tool call that asks for
      // approval ("MCP tool call requires approval, but approval policy is never"). baton's tools
      // are safe to run unasked: the server itself enforces the role and the instance.
      'default_tools_approval_mode = "approve"',
    ].join('\n');
    result = result === '' ? table : `${result}\n\n${table}`;
  }
  return result === '' ? '' : `${result}\n`;
}

function tomlUpdate(file: string, entry: ServerEntry | undefined): SettingsChange {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (text === undefined && entry === undefined) return { file, changed: false };
  const next = tomlWithServer(text ?? '', entry);
  if (next === text) return { file, changed: false };
  if (entry === undefined && next === '') return removeEmptiedFile(file);
  writeFileAtomically(file, next);
  return { file, changed: true };
}

/** Writes (entry given) or removes (undefined) baton's server in the client's configuration. */
export function updateClientConfig(
  file: string,
  client: McpClient,
  entry: ServerEntry | undefined,
): SettingsChange {
  return client === 'codex' ? tomlUpdate(file, entry) : jsonUpdate(file, entry);
}
