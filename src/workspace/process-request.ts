// A git call to start, and its answer: the contract between the callers (git-async.ts) and
// what starts the processes for them (the shell workers, shell-workers.ts, and the git
// spawner, git-spawner.ts), so that neither starter imports the other's file for it.

/** A process to start: what git-async.ts hands to `execFile`. */
export interface ProcessRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  /**
   * The process's environment as changes to the runner's (`environmentWith`): a value sets a
   * variable, null removes it. Only the changes travel to the spawner, which holds the runner's
   * environment from its start: the whole of it with every request was most of what the runner
   * spent on a git call (copying process.env alone is some 40 µs). A `baton run` changes no
   * variable of its own once it has started (what `baton demo` removes, it removes before).
   */
  env: Readonly<Record<string, string | null>>;
  /** The most output kept of each stream: more fails the call. */
  maxBuffer: number;
}

/** How it ended, as git-async.ts reads `execFile`'s answer. */
export interface ProcessOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}
