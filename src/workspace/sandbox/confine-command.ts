// baton's own confinement of an agent's shell commands (the model backend's run_command, the
// command backend): decided once per backend from the `sandbox` setting, then each command
// line wrapped in bubblewrap with the working directory writable and git's, baton's and the
// store's files read-only inside it (see bubblewrap.ts).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { batonBinPath, shellQuote } from '../../installation.ts';
import { bubblewrapAvailability } from './availability.ts';
import { bubblewrapCommandLine } from './bubblewrap.ts';
import { decideConfinement, type SandboxPolicy } from './confinement.ts';
import { existingProtectedPaths, protectedEntries } from './protected-mounts.ts';

type Environment = Readonly<Record<string, string | undefined>>;

/** How commands are confined, once decided; undefined: they run unconfined. */
export interface CommandConfinement {
  executable: string;
  repositoryRoot: string;
  storeUrl?: string;
}

/** Decides for `subject` (warns or refuses as the setting says). */
export function commandConfinement(
  policy: SandboxPolicy,
  subject: string,
  repositoryRoot: string,
  env: Environment = process.env,
): CommandConfinement | undefined {
  if (policy.mode === 'off') return undefined;
  const availability = bubblewrapAvailability(env);
  if (!decideConfinement(policy, availability, subject) || availability.executable === undefined)
    return undefined;
  return {
    executable: availability.executable,
    repositoryRoot,
    ...(policy.storeUrl ? { storeUrl: policy.storeUrl } : {}),
  };
}

export interface ConfinedCommand {
  command: string;
  workdir: string;
  /** Other places the command must write (a result file's folder). */
  writable?: readonly string[];
  /** Folders under /tmp it must still read (its HOME in a test, say); the repository always. */
  visible?: readonly string[];
}

/**
 * Protected entries missing from the working directory (.claude/, .baton/, .mcp.json …) become
 * empty folders for the command's time, mounted read-only, so the command cannot create them;
 * git does not see empty folders, and they are removed when the command ends.
 */
function placeholders(workdir: string): string[] {
  const made: string[] = [];
  for (const entry of protectedEntries) {
    const place = path.join(workdir, entry);
    if (existsSync(place)) continue;
    try {
      mkdirSync(place);
      made.push(place);
    } catch {
      // A racing creation: it exists now, and existingProtectedPaths mounts it read-only.
    }
  }
  return made;
}

/** The folder holding this baton's bin/ (and src/ or dist/). */
function batonInstallation(): string {
  return path.dirname(path.dirname(batonBinPath()));
}

/**
 * `command` as a shell command line that runs it under bubblewrap (and then removes the
 * placeholders, keeping the command's exit status); unchanged when unconfined.
 */
export function confinedCommandLine(
  confinement: CommandConfinement | undefined,
  run: ConfinedCommand,
): string {
  if (confinement === undefined) return run.command;
  const made = placeholders(path.resolve(run.workdir));
  const confined = bubblewrapCommandLine(
    {
      executable: confinement.executable,
      workdir: run.workdir,
      writable: run.writable ?? [],
      readOnly: existingProtectedPaths({
        repositoryRoot: confinement.repositoryRoot,
        workdir: run.workdir,
        ...(confinement.storeUrl ? { storeUrl: confinement.storeUrl } : {}),
      }),
      // baton itself stays reachable (read-only), wherever it is installed: an agent may run its
      // read-only commands, and a person's command must refuse, not go missing.
      visibleUnderTmp: [confinement.repositoryRoot, batonInstallation(), ...(run.visible ?? [])],
    },
    run.command,
  );
  if (made.length === 0) return confined;
  return `${confined}; baton_status=$?; rmdir ${made.map(shellQuote).join(' ')} 2>/dev/null; exit $baton_status`;
}
