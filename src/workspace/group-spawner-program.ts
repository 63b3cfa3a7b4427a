// The spawner's half of the processes that lead a group of their own (agents, verification
// commands: see group-process.ts). It runs in the git spawner's process (git-spawner.ts), which
// is sent its source text, so it imports nothing and only starts, forwards and lets go: the
// time-outs, aborts, drains and kills stay the runner's, as when the runner starts the process
// itself. Output is forwarded as latin1 text, one character per byte, so the runner gets the
// exact bytes back (its caps count bytes, and a character split between chunks stays whole).

/** What the runner asks of the spawner about group processes. */
export type GroupMessage =
  | {
      group: 'start';
      id: number;
      file: string;
      args: readonly string[];
      cwd: string;
      env: Record<string, string | undefined>;
      /** Written to stdin, which is then closed; without it stdin is /dev/null. */
      input?: string;
    }
  /** The runner stopped reading the stream (the command's answer is complete). */
  | { group: 'destroy'; id: number; stream: 'stdout' | 'stderr' };

/** A spawn error as the runner rebuilds it (an Error with these properties). */
export type GroupError = { message: string } & Record<string, unknown>;

/** What the spawner reports, in the order the child's events came. */
export type GroupReply =
  | { id: number; started: number }
  | { id: number; stdout: string }
  | { id: number; stderr: string }
  | { id: number; error: GroupError }
  | { id: number; exit: [number | null, NodeJS.Signals | null] }
  | { id: number; close: [number | null, NodeJS.Signals | null] };

/** The spawner's handler of group messages; `end()` when its stdin ends. */
export function groupSpawnerProgram(send: (reply: GroupReply) => void): {
  receive(message: GroupMessage): void;
  end(): void;
} {
  const { spawn } = process.getBuiltinModule('node:child_process');
  const children = new Map<number, ReturnType<typeof spawn>>();
  const describe = (error: unknown): GroupError => {
    const { message, code, errno, syscall, path, spawnargs } = error as NodeJS.ErrnoException & {
      spawnargs?: string[];
    };
    return { message: String(message), code, errno, syscall, path, spawnargs };
  };
  const start = (request: Extract<GroupMessage, { group: 'start' }>): void => {
    const { id } = request;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(request.file, request.args, {
        cwd: request.cwd,
        env: request.env,
        stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      send({ id, error: describe(error) });
      send({ id, close: [null, null] });
      return;
    }
    children.set(id, child);
    if (child.pid !== undefined) send({ id, started: child.pid });
    child.stdout?.setEncoding('latin1');
    child.stdout?.on('data', (chunk: string) => send({ id, stdout: chunk }));
    child.stderr?.setEncoding('latin1');
    child.stderr?.on('data', (chunk: string) => send({ id, stderr: chunk }));
    // A command that does not read its stdin closes it early: not an error.
    child.stdin?.on('error', () => {});
    child.stdin?.end(request.input);
    child.on('error', (error) => send({ id, error: describe(error) }));
    child.on('exit', (code, signal) => send({ id, exit: [code, signal] }));
    child.on('close', (code, signal) => {
      children.delete(id);
      send({ id, close: [code, signal] });
    });
  };
  return {
    receive(message) {
      if (message.group === 'start') start(message);
      else children.get(message.id)?.[message.stream]?.destroy();
    },
    end() {
      // The runner died (when it stops the spawner, it has ended what still ran): its ends of
      // the pipes close, as they would have had it started the processes itself, and the
      // spawner does not wait for them. Ending them is for whoever takes the run over, by their
      // recorded pid and tag, as it was.
      for (const child of children.values()) {
        child.stdout?.destroy();
        child.stderr?.destroy();
        child.unref();
      }
    },
  };
}
