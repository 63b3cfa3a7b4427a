// The files that switch enforcement off are kept from agents in four places that must agree: the
// edit gate's protected paths, the sandbox's read-only entries, the Bash guard's enforcement files
// and the files `baton mcp install` writes. All four come from core/paths/control-files.ts; these
// tests fail when one of them stops covering what another names.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  agentClientFolders,
  batonConfigFile,
  batonFolder,
  claudeSettingsFiles,
  gitFolder,
  mcpConfigFiles,
} from '../../src/core/paths/control-files.ts';
import { protectedPathReason } from '../../src/core/paths/protected-paths.ts';
import { enforcementFiles } from '../../src/integrations/claude/bash-guard/guarded-files.ts';
import { clientConfigFile, mcpClients } from '../../src/integrations/mcp/install.ts';
import { protectedEntries } from '../../src/workspace/sandbox/protected-mounts.ts';

const underSandboxEntry = (file: string): boolean =>
  protectedEntries.some((entry) => file === entry || file.startsWith(`${entry}/`));

/** What the edit gate protects, a path of each kind: folders with a file in them, single files. */
const gateExamples = [
  `${gitFolder}/config`,
  `${batonFolder}/baton.db`,
  batonConfigFile,
  ...agentClientFolders.map((folder) => `${folder}/anything.json`),
  ...claudeSettingsFiles,
  '.claude/settings.other.json',
  ...mcpConfigFiles,
];

test('every enforcement file the Bash guard compares is a path the edit gate refuses', () => {
  const allowed = enforcementFiles.filter((file) => protectedPathReason(file) === undefined);
  assert.deepEqual(allowed, []);
});

test("every MCP client's project file is an enforcement file and lies under a sandbox entry", () => {
  const root = path.resolve('/repository');
  for (const client of mcpClients) {
    const relative = path
      .relative(root, clientConfigFile(client, 'project', root))
      .split(path.sep)
      .join('/');
    assert.ok(enforcementFiles.includes(relative), `${client}: ${relative} is not an enforcement file`);
    assert.ok(underSandboxEntry(relative), `${client}: ${relative} is under no sandbox entry`);
  }
});

test('every path the edit gate protects lies under a sandbox-protected entry', () => {
  for (const file of gateExamples) {
    assert.ok(protectedPathReason(file) !== undefined, `${file} is not protected by the edit gate`);
    assert.ok(underSandboxEntry(file), `${file} is under no sandbox entry`);
  }
});

test('the sandbox is wider only by the rest of .claude/: every other entry is refused by the edit gate too', () => {
  for (const entry of protectedEntries) {
    const inside = `${entry}/a-file`;
    if (entry === '.claude') {
      // Deliberate: a confined command is held by paths, so .claude/ whole; the edit tools may
      // still change Claude Code's commands and agents there, but not its settings.
      assert.equal(protectedPathReason('.claude/commands/review.md'), undefined);
      assert.ok(protectedPathReason('.claude/settings.json') !== undefined);
      continue;
    }
    const isFile = mcpConfigFiles.includes(entry);
    assert.ok(
      protectedPathReason(isFile ? entry : inside) !== undefined,
      `${entry} is not protected by the edit gate`,
    );
  }
});
