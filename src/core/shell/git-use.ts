// Where a read-only command would run git. A read-only git command still reads the config of
// the repository it discovers, and some settings make git run programs (`log.showSignature`
// with `gpg.program`, `core.fsmonitor`, a pager). A project can commit a folder laid out as a
// bare repository with such a config; `cd that-folder && git log` would then run what it names.
// So the planner's git must discover the repository's own `.git`: this reports whether a command
// runs git at all, and whether it moves first (cd, pushd, popd, `git -C`). The caller checks the
// folder the command starts in (it needs the file system; this stays pure).
import { parseShell } from './parse-shell.ts';

export interface GitUse {
  runsGit: boolean;
  /** The command changes folder (cd, pushd, popd) or points git elsewhere (-C, --git-dir…). */
  movesDirectory: boolean;
}

const directoryChangers = new Set(['cd', 'pushd', 'popd']);

export function gitUse(command: string): GitUse {
  const parsed = parseShell(command);
  // Outside the grammar nothing is certain: assume the worst (the read-only check refuses it anyway).
  if ('refused' in parsed) return { runsGit: true, movesDirectory: true };
  const use: GitUse = { runsGit: false, movesDirectory: false };
  for (const simple of parsed.commands) {
    const name = simple.words[0]?.value;
    if (name === undefined) continue;
    if (directoryChangers.has(name)) use.movesDirectory = true;
    if (name === 'git') {
      use.runsGit = true;
      const args = simple.words.slice(1).map((word) => word.value);
      if (args.some((argument) => argument === '-C' || /^--(git-dir|work-tree)/.test(argument)))
        use.movesDirectory = true;
    }
  }
  return use;
}
