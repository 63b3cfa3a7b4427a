// What this machine offers to confine an agent: bubblewrap (Linux, for baton's own confinement
// of `run_command` and the `command` backend, and with socat for Claude Code's Bash sandbox) or
// Seatbelt (macOS, Claude Code's only). bubblewrap is not trusted by presence alone: it can be
// installed yet unable to make a namespace (a container without user namespaces), so it is
// started once, for real, and the answer is kept for the life of the process.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfinementAvailability {
  /** Whether this kind of confinement can be used here. */
  available: boolean;
  /** What is missing, for a person: "bubblewrap (bwrap) not found on PATH". Empty when available. */
  missing: string[];
  /** How to get it, when something is missing. */
  fix?: string;
}

const linuxPackages =
  'apt-get install -y bubblewrap socat (Debian/Ubuntu; dnf install bubblewrap socat on Fedora)';

/** The absolute path of an executable on `PATH`, or undefined. */
export function findExecutable(name: string, env: Environment = process.env): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? path.resolve(name) : undefined;
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const probes = new Map<string, string | undefined>();

/** Why bubblewrap at `executable` cannot make a sandbox here, or undefined when it can. */
function bubblewrapFailure(executable: string): string | undefined {
  if (probes.has(executable)) return probes.get(executable);
  const probe = spawnSync(
    executable,
    ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--', 'true'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
      encoding: 'utf8',
    },
  );
  const failure =
    probe.status === 0
      ? undefined
      : `bubblewrap (${executable}) cannot make a sandbox here: ${(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim()}`;
  probes.set(executable, failure);
  return failure;
}

/** bubblewrap, for baton's own confinement (run_command, the command backend). */
export function bubblewrapAvailability(
  env: Environment = process.env,
): ConfinementAvailability & { executable?: string } {
  if (process.platform !== 'linux')
    return {
      available: false,
      missing: [`bubblewrap, which exists only on Linux (this is ${process.platform})`],
      fix: 'Run baton on Linux (a container or VM) to confine run_command and command backends, or set sandbox: off.',
    };
  const executable = findExecutable('bwrap', env);
  if (executable === undefined)
    return { available: false, missing: ['bubblewrap (bwrap) not found on PATH'], fix: linuxPackages };
  const failure = bubblewrapFailure(executable);
  if (failure !== undefined)
    return {
      available: false,
      missing: [failure],
      fix: 'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or run the container with --security-opt seccomp=unconfined), or set sandbox: off.',
    };
  return { available: true, missing: [], executable };
}

/** Claude Code's Bash sandbox: bubblewrap and socat on Linux, Seatbelt on macOS. */
export function claudeSandboxAvailability(env: Environment = process.env): ConfinementAvailability {
  if (process.platform === 'darwin') {
    const seatbelt = isExecutable('/usr/bin/sandbox-exec');
    return seatbelt
      ? { available: true, missing: [] }
      : {
          available: false,
          missing: ['sandbox-exec (Seatbelt) not found'],
          fix: 'Use a macOS with /usr/bin/sandbox-exec.',
        };
  }
  if (process.platform !== 'linux')
    return {
      available: false,
      missing: [`a sandbox Claude Code supports on ${process.platform} (it has Linux and macOS ones)`],
      fix: 'Run Claude Code under WSL2 or Linux, or set sandbox: off.',
    };
  const bubblewrap = bubblewrapAvailability(env);
  const missing = [...bubblewrap.missing];
  if (findExecutable('socat', env) === undefined) missing.push('socat not found on PATH');
  return missing.length === 0
    ? { available: true, missing }
    : { available: false, missing, fix: bubblewrap.fix ?? linuxPackages };
}
