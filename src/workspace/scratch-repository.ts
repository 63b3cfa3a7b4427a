// A new git repository holding a copy of a folder in one commit on `main`: what `baton demo`
// runs its plan in. Nothing of the user's is touched; the folder must be new or empty.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { BatonError } from '../errors.ts';
import { runGit } from './git.ts';
import { identityArguments } from './worktrees.ts';

/** Refuses a folder that holds anything: a scratch repository never mixes with other files. */
export function requireEmptyFolder(directory: string): void {
  if (existsSync(directory) && readdirSync(directory).length > 0)
    throw new BatonError('USAGE', `${directory} is not empty`, {
      hint: 'Give a new or empty folder, or leave the option out for a temporary one.',
    });
}

export async function createScratchRepository(options: {
  /** The folder whose files become the first commit. */
  source: string;
  directory: string;
  message: string;
}): Promise<void> {
  requireEmptyFolder(options.directory);
  mkdirSync(options.directory, { recursive: true });
  cpSync(options.source, options.directory, { recursive: true });
  runGit(options.directory, ['init', '--quiet']);
  // `init --initial-branch` needs git 2.28; pointing HEAD works on any git.
  runGit(options.directory, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
  // A scratch repository: a signing key the user configured must not be asked for.
  runGit(options.directory, ['config', 'commit.gpgsign', 'false']);
  runGit(options.directory, ['add', '--all']);
  runGit(options.directory, [
    ...(await identityArguments(options.directory)),
    'commit',
    '--quiet',
    '--message',
    options.message,
  ]);
}
