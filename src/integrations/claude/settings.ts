// Merging baton's hooks into Claude Code's settings files (src/claude-code/settings-files.ts),
// and taking them out again. The entries themselves are src/claude-code/hook-entries.ts.
//
// Every other setting and every other hook stays as it was. baton's entries are recognised by
// their command (`… baton hook <event>` or `… baton.js hook <event>`), each in a matcher group of
// its own, so uninstalling removes exactly them (and a group, event list or `hooks` object left
// empty by that). Installing twice gives a byte-identical file; files are replaced atomically.
//
// The command: `baton hook <event>` when the `baton` on PATH is this very installation, else
// `<node> <absolute path of this bin/baton.js> hook <event>`, so that hooks installed from a
// checkout run that checkout's code. `--command` overrides the prefix (e.g. `npx baton`).
import { existsSync, readFileSync } from 'node:fs';
import { isBatonHookCommand } from '../../claude-code/hook-command.ts';
import {
  batonHookEntries,
  type HookEntry,
  hookCommand,
  hookGroup,
  hookTimeoutSeconds,
} from '../../claude-code/hook-entries.ts';
import { BatonError } from '../../errors.ts';
import { writeFileAtomically } from '../../workspace/atomic-write.ts';

export type Settings = Record<string, unknown>;
type HookGroup = { matcher?: unknown; hooks?: unknown; [key: string]: unknown };

function hooksObject(settings: Settings, file: string): Record<string, unknown> | undefined {
  const hooks = settings.hooks;
  if (hooks === undefined) return undefined;
  if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) {
    throw new BatonError('CONFIG_INVALID', `${file}: "hooks" is not an object`, {
      hint: 'Fix the settings file by hand; baton does not overwrite what it cannot read.',
    });
  }
  return hooks as Record<string, unknown>;
}

function groupsOf(hooks: Record<string, unknown>, event: string, file: string): HookGroup[] | undefined {
  const groups = hooks[event];
  if (groups === undefined) return undefined;
  if (!Array.isArray(groups)) {
    throw new BatonError('CONFIG_INVALID', `${file}: hooks.${event} is not a list`, {
      hint: 'Fix the settings file by hand; baton does not overwrite what it cannot read.',
    });
  }
  return groups as HookGroup[];
}

function hookList(group: HookGroup): Array<Record<string, unknown>> {
  return Array.isArray(group.hooks) ? (group.hooks as Array<Record<string, unknown>>) : [];
}

/** Removes baton's hooks (all of them, or those of one Claude Code event); drops what that empties. */
export function removeBatonHooks(settings: Settings, file: string, onlyEvent?: string): Settings {
  const hooks = hooksObject(settings, file);
  if (!hooks) return settings;
  const nextHooks: Record<string, unknown> = {};
  let removedAny = false;
  for (const [event, value] of Object.entries(hooks)) {
    const groups = onlyEvent === undefined || event === onlyEvent ? groupsOf(hooks, event, file) : undefined;
    if (!groups) {
      nextHooks[event] = value;
      continue;
    }
    const nextGroups: HookGroup[] = [];
    for (const group of groups) {
      const list = hookList(group);
      const kept = list.filter((hook) => !isBatonHookCommand(hook.command));
      if (kept.length === list.length) nextGroups.push(group);
      else {
        removedAny = true;
        if (kept.length > 0) nextGroups.push({ ...group, hooks: kept });
      }
    }
    if (nextGroups.length > 0 || groups.length === 0) nextHooks[event] = nextGroups;
  }
  if (!removedAny) return settings;
  const next: Settings = { ...settings, hooks: nextHooks };
  if (Object.keys(nextHooks).length === 0) delete next.hooks;
  return next;
}

function sameEntry(group: HookGroup, entry: HookEntry, command: string): boolean {
  const list = hookList(group);
  return (
    (group.matcher ?? undefined) === entry.matcher &&
    list.length === 1 &&
    list[0]?.type === 'command' &&
    list[0]?.command === command &&
    list[0]?.timeout === hookTimeoutSeconds
  );
}

/** Adds (or updates) baton's hooks; returns the same object when nothing needed to change. */
export function addBatonHooks(settings: Settings, file: string, commandPrefix: string): Settings {
  let next = settings;
  for (const entry of batonHookEntries) {
    const command = hookCommand(commandPrefix, entry);
    const hooks = hooksObject(next, file) ?? {};
    const groups = groupsOf(hooks, entry.event, file) ?? [];
    const ours = groups.filter((group) => hookList(group).some((hook) => isBatonHookCommand(hook.command)));
    if (ours.length === 1 && sameEntry(ours[0]!, entry, command)) continue;
    // Out of date or missing: take baton's entries for this event out and put the current one in.
    const cleaned = removeBatonHooks(next, file, entry.event);
    const cleanedHooks = hooksObject(cleaned, file) ?? {};
    const group: HookGroup = hookGroup(entry, commandPrefix);
    next = {
      ...cleaned,
      hooks: {
        ...cleanedHooks,
        [entry.event]: [...(groupsOf(cleanedHooks, entry.event, file) ?? []), group],
      },
    };
  }
  return next;
}

function readSettings(file: string): { settings: Settings; text: string | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, text: undefined };
    throw new BatonError('CONFIG_UNREADABLE', `${file}: cannot read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new BatonError('CONFIG_INVALID', `${file}: not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the settings file by hand; baton does not overwrite what it cannot read.',
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BatonError('CONFIG_INVALID', `${file}: not a JSON object`);
  }
  return { settings: value as Settings, text };
}

export interface SettingsChange {
  file: string;
  changed: boolean;
}

/** The indentation the file already uses (two spaces when new or flat). */
function indentationOf(text: string | undefined): string | number {
  const match = text === undefined ? null : /^[{[]\s*\n([ \t]+)\S/.exec(text);
  return match ? match[1]! : 2;
}

/** The new text of a settings file, computed and checked but not written. */
export interface PlannedSettingsChange extends SettingsChange {
  next?: string;
}

export function planSettingsUpdate(
  file: string,
  transform: (settings: Settings) => Settings,
): PlannedSettingsChange {
  const { settings, text } = readSettings(file);
  const next = transform(settings);
  if (next === settings) return { file, changed: false };
  const nextText = `${JSON.stringify(next, null, indentationOf(text))}\n`;
  if (nextText === text) return { file, changed: false };
  if (text === undefined && Object.keys(next).length === 0) return { file, changed: false };
  return { file, changed: true, next: nextText };
}

export function applySettingsPlan(plan: PlannedSettingsChange): SettingsChange {
  if (plan.changed && plan.next !== undefined) writeFileAtomically(plan.file, plan.next);
  return { file: plan.file, changed: plan.changed };
}

export function planClaudeHooksInstall(file: string, commandPrefix: string): PlannedSettingsChange {
  return planSettingsUpdate(file, (settings) => addBatonHooks(settings, file, commandPrefix));
}

export function planClaudeHooksUninstall(file: string): PlannedSettingsChange & { missing?: boolean } {
  if (!existsSync(file)) return { file, changed: false, missing: true };
  return planSettingsUpdate(file, (settings) => removeBatonHooks(settings, file));
}

export function installClaudeHooks(file: string, commandPrefix: string): SettingsChange {
  return applySettingsPlan(planClaudeHooksInstall(file, commandPrefix));
}

export function uninstallClaudeHooks(file: string): SettingsChange {
  return applySettingsPlan(planClaudeHooksUninstall(file));
}
