// Starting a process that leads a group of its own (an agent, a verification command): during
// `baton run` through the spawner (git-spawner.ts), so the runner's thread does not wait for the
// child to exec (some 19 ms a process on a busy machine, during which no other task moves),
// otherwise directly. Either way the caller gets the same child: a pid once started ('spawn'),
// stdout and stderr streams, 'error', 'exit' and 'close' in the order the process gave them, and
// destroying a stream stops its reading. The caller keeps everything else (time-outs, aborts,
// the drain after 'exit', the kills by group and tag: see process-group.ts), so both ways behave
// alike.
//
// If the spawner ends before the process closed, or the run stops the spawner, the process is
// ended (its group, and by its tag what left the group) and the caller gets an 'error'; it is
// never started a second time, not even when the spawner had not yet said it started it.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { startGroupThroughSpawner } from './git-spawner.ts';
import type { GroupReply } from './group-spawner-program.ts';
import { killProcessGroup, killProcessTree } from './process-group.ts';

export interface GroupProcessRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment, tagged (see process-group.ts taggedEnvironment). */
  env: Record<string, string | undefined>;
  tag: string;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
}

/** What a caller sees of the started process: the part of a ChildProcess it uses. */
export interface GroupChild {
  readonly pid?: number | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'spawn', listener: () => void): unknown;
}

// A process the spawner was asked for but never said it started may still be between its fork
// and its exec, without its tag yet: looked for again a little later.
const lateForkChecksMs = [250, 1_000, 5_000];

/** A process the spawner started, as its events come back. */
class SpawnedChild extends EventEmitter implements GroupChild {
  pid: number | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly #request: GroupProcessRequest;
  #destroy: (stream: 'stdout' | 'stderr') => void = () => {};
  #exited = false;

  constructor(request: GroupProcessRequest) {
    super();
    this.#request = request;
    const stream = (name: 'stdout' | 'stderr') =>
      new Readable({
        read() {},
        destroy: (error, callback) => {
          this.#destroy(name);
          callback(error);
        },
      });
    this.stdout = stream('stdout');
    this.stderr = stream('stderr');
  }

  set destroyStream(destroy: (stream: 'stdout' | 'stderr') => void) {
    this.#destroy = destroy;
  }

  receive(reply: GroupReply): void {
    if ('started' in reply) {
      this.pid = reply.started;
      this.emit('spawn');
    } else if ('stdout' in reply) this.#push(this.stdout, reply.stdout);
    else if ('stderr' in reply) this.#push(this.stderr, reply.stderr);
    else if ('error' in reply) this.emit('error', Object.assign(new Error(reply.error.message), reply.error));
    else if ('exit' in reply) {
      this.#exited = true;
      this.emit('exit', ...reply.exit);
    } else this.#close(...reply.close);
  }

  #push(stream: Readable, latin1: string): void {
    if (!stream.destroyed) stream.push(Buffer.from(latin1, 'latin1'));
  }

  /** As a ChildProcess: 'close' once both streams have ended and been read. */
  #close(code: number | null, signal: NodeJS.Signals | null): void {
    let open = 2;
    const closed = () => {
      if (--open === 0) this.emit('close', code, signal);
    };
    for (const stream of [this.stdout, this.stderr]) {
      if (stream.closed) closed();
      else {
        stream.once('close', closed);
        if (!stream.destroyed) stream.push(null);
      }
    }
  }

  /**
   * Its time is up and the spawner has still not started it (stopped, or stuck): the caller gets
   * an error now; if the spawner starts it later, the deadline kills it then.
   */
  abandon(): void {
    const { file } = this.#request;
    this.emit(
      'error',
      new Error(`${file}: the process spawner had not started ${file} when its time was up`),
    );
  }

  lost(reason: string): void {
    const { tag, file } = this.#request;
    // A process that ended by itself leaves what detached on purpose alone (see process-group.ts):
    // only the rest of its group goes, as when its answer is complete.
    if (this.#exited) killProcessGroup(this.pid, 'SIGKILL');
    else killProcessTree({ pid: this.pid, tag }, 'SIGKILL');
    if (this.pid === undefined)
      for (const delay of lateForkChecksMs)
        setTimeout(() => killProcessTree({ tag }, 'SIGKILL'), delay).unref();
    this.emit('error', new Error(`${file}: ${reason} before ${file} ended`));
  }
}

function startDirectly(request: GroupProcessRequest): GroupChild {
  const child = spawn(request.file, request.args, {
    cwd: request.cwd,
    env: request.env,
    stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  // A command that does not read its stdin closes it early: not an error.
  child.stdin?.on('error', () => {});
  child.stdin?.end(request.input);
  // Both are pipes.
  return child as typeof child & { stdout: Readable; stderr: Readable };
}

/** Starts the process, detached (the leader of its own group), through the spawner if one runs. */
export function startGroupProcess(request: GroupProcessRequest): GroupChild {
  const child = new SpawnedChild(request);
  const destroy = startGroupThroughSpawner(
    { file: request.file, args: request.args, cwd: request.cwd, env: request.env, input: request.input },
    child,
  );
  if (!destroy) return startDirectly(request);
  child.destroyStream = destroy;
  return child;
}

/** Calls `report` with the pid once the process has started (at once when it already has). */
export function whenStarted(child: GroupChild, report: (pid: number) => void): void {
  if (child.pid !== undefined) report(child.pid);
  else child.once('spawn', () => report(child.pid!));
}
