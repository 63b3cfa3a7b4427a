// The git spawner: a small Node process, started once per `baton run`, that starts the run's git
// processes for it. Starting a child blocks the starting thread until the child has exec'd
// (libuv waits for it), and on a busy machine that is the time the child waits for a CPU:
// 10–20 ms a spawn under load, some 2.5 s of a 16-task run's runner thread, during which no
// other task's step, event or heartbeat moves. Through the spawner the runner only writes a line
// to a pipe; the wait is the spawner's.
//
// Git and `sh` scripts of git calls (git-async.ts) get no process group, tag, time-out or abort
// of their own: the spawner runs them to the end and answers with their output. Agents and
// verification commands, which lead groups of their own, go to a second spawner of the same
// program as `group` messages (group-spawner-program.ts): it starts them and forwards their
// events, and the runner keeps their time-outs, aborts and kills (group-process.ts). The
// spawner is not detached: it stays in the runner's process group and inherits its environment
// (with any BATON_PROCESS_TAGS of an enclosing baton), so whatever stops the runner's group or
// tag reaches it and the git processes it started, as it reached them when the runner started
// them. It ignores SIGINT, SIGTERM and SIGHUP (a Ctrl-C reaches the whole group, and the runner
// may still call git while it stops) and ends when its stdin closes: when the runner stops it or
// dies, kill -9 included.
//
// A request the spawner has not yet said it started is spawned directly if the spawner is not
// ready, fails to start or ends; a request it started and could not answer for (it was killed)
// is rejected, never started twice.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { type GroupMessage, type GroupReply, groupSpawnerProgram } from './group-spawner-program.ts';
import type { ProcessOutput, ProcessRequest } from './process-request.ts';
import { ShellWorkers } from './shell-workers.ts';

/**
 * `base` with `changes` made (a null removes the variable): the environment a request's process
 * gets, in the spawner (over the environment it started with) as when the runner starts the
 * process itself (over its own). Self-contained: the spawner gets its source text.
 */
export function environmentWith(
  base: Readonly<Record<string, string | undefined>>,
  changes: Readonly<Record<string, string | null>>,
): Record<string, string | undefined> {
  const environment = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete environment[name];
    else environment[name] = value;
  }
  return environment;
}

/**
 * What runs in the spawner process, sent to `node -e` as its source text with `withChanges`'s
 * (`environmentWith`) and `groupProgram`'s (group-spawner-program.ts): it imports nothing.
 */
function spawnerProgram(withChanges: typeof environmentWith, groupProgram: typeof groupSpawnerProgram): void {
  const { execFile } = process.getBuiltinModule('node:child_process');
  // The runner's environment when it started the spawner: what requests' changes apply to.
  const runnerEnvironment = { ...process.env };
  process.title = 'baton-git-spawner';
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
  const send = (message: unknown): void => {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  };
  const groups = groupProgram(send);
  const start = (request: {
    id: number;
    file: string;
    args: string[];
    cwd: string;
    env: Record<string, string | null>;
    maxBuffer: number;
    stream: boolean;
  }): void => {
    const { id } = request;
    try {
      const env = withChanges(runnerEnvironment, request.env);
      const child = execFile(
        request.file,
        request.args,
        { cwd: request.cwd, env, encoding: 'utf8', maxBuffer: request.maxBuffer },
        (error, stdout, stderr) => {
          const code = (error as NodeJS.ErrnoException | null)?.code;
          if (error && typeof code === 'string') {
            const { message, errno, syscall, path, spawnargs } = error as NodeJS.ErrnoException & {
              spawnargs?: string[];
            };
            send({ id, error: { message, code, errno, syscall, path, spawnargs } });
          } else send({ id, exitCode: error ? Number(code ?? 1) : 0, stdout, stderr });
        },
      );
      send({ id, started: true });
      if (request.stream) child.stdout?.on('data', (chunk: string) => send({ id, chunk }));
    } catch (error) {
      const { message, code } = error as NodeJS.ErrnoException;
      send({ id, error: { message, code } });
    }
  };
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const request = JSON.parse(pending.slice(0, end));
      if (request.group) groups.receive(request);
      else start(request);
      pending = pending.slice(end + 1);
    }
  });
  process.stdin.on('end', () => groups.end());
  // With stdin closed and its children done, nothing keeps the process: it exits.
  send({ ready: true });
}

interface Waiting {
  request: ProcessRequest;
  started: boolean;
  onChunk: ((chunk: string) => void) | undefined;
  direct: () => Promise<ProcessOutput>;
  resolve: (output: ProcessOutput) => void;
  reject: (error: Error) => void;
}

/** The runner's side of a group process the spawner started (group-process.ts). */
export interface GroupListener {
  receive(reply: GroupReply): void;
  /** The spawner ended, or the run stopped it, before the process closed: `reason` says which. */
  lost(reason: string): void;
}

type Reply =
  | { ready: true }
  | { id: number; started: true }
  | { id: number; chunk: string }
  | { id: number; exitCode: number; stdout: string; stderr: string }
  | { id: number; error: { message: string; code?: string } & Record<string, unknown> };

class GitSpawner {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #waiting = new Map<number, Waiting>();
  readonly #groups = new Map<number, GroupListener>();
  #nextId = 0;
  #ready = false;
  #ended = false;
  #closing = false;

  constructor() {
    this.#child = spawn(
      process.execPath,
      [
        '-e',
        `(${spawnerProgram.toString()})(${environmentWith.toString()}, ${groupSpawnerProgram.toString()})`,
      ],
      {
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    this.#child.on('error', () => this.#end());
    this.#child.on('close', () => this.#end());
    this.#child.stdin.on('error', () => this.#end());
    let pending = '';
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        let reply: Reply | GroupReply;
        try {
          reply = JSON.parse(line);
        } catch {
          this.#child.kill('SIGKILL'); // Not the spawner's answer: trust none of it.
          this.#end();
          return;
        }
        // Outside the try: what a caller's listener throws is the caller's, as with its own child.
        this.#receive(reply);
      }
    });
    this.#hold(false);
  }

  get usable(): boolean {
    return this.#ready && !this.#ended && !this.#closing;
  }

  run(
    request: ProcessRequest,
    onChunk: ((chunk: string) => void) | undefined,
    direct: () => Promise<ProcessOutput>,
  ): Promise<ProcessOutput> {
    return new Promise<ProcessOutput>((resolve, reject) => {
      const id = this.#nextId++;
      this.#waiting.set(id, { request, started: false, onChunk, direct, resolve, reject });
      this.#hold(true);
      this.#child.stdin.write(`${JSON.stringify({ id, ...request, stream: onChunk !== undefined })}\n`);
    });
  }

  /**
   * Starts a process in a group of its own; `listener` hears its events. What the returned
   * function destroys, the spawner stops reading.
   */
  startGroup(
    request: Omit<Extract<GroupMessage, { group: 'start' }>, 'group' | 'id'>,
    listener: GroupListener,
  ): (stream: 'stdout' | 'stderr') => void {
    const id = this.#nextId++;
    this.#groups.set(id, listener);
    this.#hold(true);
    this.#send({ group: 'start', id, ...request });
    return (stream) => {
      if (this.#groups.has(id)) this.#send({ group: 'destroy', id, stream });
    };
  }

  #send(message: GroupMessage): void {
    this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /**
   * No more requests: the spawner ends once it has answered the git calls it has; the group
   * processes still running are ended (nothing a run started outlives it). Resolves when it has
   * exited (and is reaped: its CPU time is counted as the runner's children's, as a directly
   * started git's is).
   */
  close(): Promise<void> {
    this.#closing = true;
    if (this.#ended) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.#child.once('close', () => resolve()));
    this.#hold(true);
    this.#loseGroups('the run stopped the process spawner');
    this.#child.stdin.end();
    return exited;
  }

  #receive(answer: Reply | GroupReply): void {
    if ('ready' in answer) {
      this.#ready = true;
      return;
    }
    const group = this.#groups.get(answer.id);
    if (group) {
      if ('close' in answer) {
        this.#groups.delete(answer.id);
        this.#hold(this.#waiting.size + this.#groups.size > 0);
      }
      group.receive(answer as GroupReply);
      return;
    }
    const reply = answer as Exclude<Reply, { ready: true }>;
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    if ('started' in reply) waiting.started = true;
    else if ('chunk' in reply) waiting.onChunk?.(reply.chunk);
    else {
      this.#waiting.delete(reply.id);
      this.#hold(this.#waiting.size + this.#groups.size > 0);
      if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
      else waiting.resolve({ exitCode: reply.exitCode, stdout: reply.stdout, stderr: reply.stderr });
    }
  }

  /** The spawner is gone: what it never started starts here, what it started is lost. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const kind of spawnerKinds) if (spawners[kind] === this) spawners[kind] = undefined;
    for (const waiting of this.#waiting.values()) {
      if (!waiting.started) waiting.direct().then(waiting.resolve, waiting.reject);
      else
        waiting.reject(
          new Error(
            `${waiting.request.file} ${waiting.request.args.join(' ')}: the git spawner (pid ${this.#child.pid}) ended before it reported`,
          ),
        );
    }
    this.#waiting.clear();
    this.#loseGroups(`the process spawner (pid ${this.#child.pid}) ended`);
    this.#hold(false);
  }

  /** Ends the group processes still running (nothing the run started outlives it) and says why. */
  #loseGroups(reason: string): void {
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const group of groups) group.lost(reason);
  }

  /** The spawner keeps the runner's event loop alive only while a request waits for it. */
  #hold(waiting: boolean): void {
    // The pipes are sockets, which ref and unref like the process.
    const pipes = [this.#child.stdout, this.#child.stdin] as unknown as Socket[];
    for (const handle of [this.#child, ...pipes]) {
      if (waiting) handle.ref();
      else handle.unref();
    }
  }
}

// Two spawners: one for git, one for the group processes (agents, verification commands). A
// spawner's thread waits for each child to exec in turn, so with one, a burst of git calls (8
// tasks ending together) would hold up the next agent or verification, and the reverse; two
// start them side by side, as the runner and the git spawner did before agents came this way.
const spawnerKinds = ['git', 'group'] as const;
const spawners: Partial<Record<(typeof spawnerKinds)[number], GitSpawner>> = {};
// Git calls go to the shell workers (shell-workers.ts), which start a process for far less
// than a Node process does; the git spawner takes what they cannot (output wanted as it comes,
// a variable name or a NUL a shell cannot carry: ShellWorkers.accepts).
let shellWorkers: ShellWorkers | undefined;
let users = 0;

/**
 * Starts the spawners (`baton run` does, once); returns the function that stops them, which
 * resolves once they have exited. Calls nested in one process share them, stopped by the last.
 */
export function startGitSpawner(): () => Promise<void> {
  users++;
  shellWorkers ??= new ShellWorkers();
  for (const kind of spawnerKinds) {
    if (spawners[kind]) continue;
    try {
      spawners[kind] = new GitSpawner();
    } catch {
      spawners[kind] = undefined; // Cannot start one: its processes start directly.
    }
  }
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    users--;
    if (users > 0) return;
    const running = spawnerKinds.map((kind) => spawners[kind]);
    for (const kind of spawnerKinds) spawners[kind] = undefined;
    const workers = shellWorkers;
    shellWorkers = undefined;
    await Promise.all([...running.map((spawner) => spawner?.close()), workers?.close()]);
  };
}

/**
 * Starts the process through the shell workers, else through the spawner when one is ready,
 * else with `direct`; the spawner falls back to `direct` too for a request it had not started
 * when it ended.
 */
export function startThroughSpawner(
  request: ProcessRequest,
  onChunk: ((chunk: string) => void) | undefined,
  direct: () => Promise<ProcessOutput>,
): Promise<ProcessOutput> {
  if (!onChunk && shellWorkers?.accepts(request)) return shellWorkers.run(request);
  const spawner = spawners.git;
  return spawner?.usable ? spawner.run(request, onChunk, direct) : direct();
}

/**
 * Starts a process in a group of its own through the spawner when one is ready; undefined when
 * none is (the caller starts it itself).
 */
export function startGroupThroughSpawner(
  request: Omit<Extract<GroupMessage, { group: 'start' }>, 'group' | 'id'>,
  listener: GroupListener,
): ((stream: 'stdout' | 'stderr') => void) | undefined {
  const spawner = spawners.group;
  return spawner?.usable ? spawner.startGroup(request, listener) : undefined;
}
