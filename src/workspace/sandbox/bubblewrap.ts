// A command under bubblewrap: the whole file system read-only, the working directory writable
// except git's and baton's own files in it, a private /tmp, a fresh /dev and /proc, its own
// process namespace (nothing it starts outlives it). What is read-only holds against any
// program the command runs (redirection, sed -i, python), not only against the ones a
// check could name. The network is left as it is: tests and package managers need it.
import path from 'node:path';
import { shellQuote } from '../../installation.ts';

export interface BubblewrapOptions {
  /** The bwrap executable. */
  executable: string;
  /** Where the command runs and may write. */
  workdir: string;
  /** Other places it may write (bound after the private /tmp, so they may lie under it). */
  writable?: readonly string[];
  /** Paths inside the writable folder (or anywhere) that stay read-only; each must exist. */
  readOnly: readonly string[];
  /** Folders under /tmp the command must still see (read-only), e.g. the main checkout. */
  visibleUnderTmp?: readonly string[];
}

function isUnder(parent: string, candidate: string): boolean {
  const relative = path.relative(parent, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** bwrap's arguments up to and including `--`, then `bash -c <command>`. */
export function bubblewrapArguments(options: BubblewrapOptions, command: string): string[] {
  const workdir = path.resolve(options.workdir);
  const args = [
    '--die-with-parent',
    '--unshare-pid',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
  ];
  // A private /tmp hides the real one; what lives there and is needed comes back read-only.
  args.push('--tmpfs', '/tmp');
  for (const folder of options.visibleUnderTmp ?? [])
    if (isUnder('/tmp', folder)) args.push('--ro-bind', folder, folder);
  for (const folder of [workdir, ...(options.writable ?? [])]) args.push('--bind', folder, folder);
  for (const readOnly of options.readOnly) args.push('--ro-bind', readOnly, readOnly);
  args.push('--chdir', workdir, '--setenv', 'TMPDIR', '/tmp', '--', 'bash', '-c', command);
  return args;
}

/** The same as one shell command line, for a runner that takes a string for `bash -c`. */
export function bubblewrapCommandLine(options: BubblewrapOptions, command: string): string {
  return [options.executable, ...bubblewrapArguments(options, command)].map(shellQuote).join(' ');
}
