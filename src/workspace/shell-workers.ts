// The shell workers: a few `sh` processes, started once per `baton run`, that start the run's
// git calls (git-async.ts) for it. Starting a process from Node forks the whole Node process
// (libuv has no vfork on Linux) and waits for the child to exec: some 5 ms of CPU a call on an
// idle machine, far more when memory is slow to copy, paid by the starting process one call
// after another. `sh` forks itself in well under a millisecond. A worker runs one call at a
// time; calls that find every worker busy start another, up to `maximumWorkers`.
//
// What a worker is given is a shell command line the runner writes to its stdin: every word
// single-quoted (a NUL cannot be quoted, so a request with one is refused), variable names
// checked. The call writes its output to two files of its own in a private folder, never to the
// worker's pipes: a process the call leaves behind (a hook's background job) can write to them
// later, but never into another call's answer. When the call's process has ended, the worker
// prints a line with its exit status and a marker drawn afresh for the call, and the runner
// reads the files. Unlike execFile, the answer does not wait for such a leftover process to close
// its output (what it writes afterwards is not part of the answer), and more output than the
// call allows fails the call when it ends, not at once. The call's process sees what execFile
// would give it: its working directory, the runner's environment with the call's changes, stdin
// from /dev/null. A worker ignores SIGINT, SIGTERM and SIGHUP as the spawner does (the calls it
// starts do not), stays in the runner's process group, and ends when its stdin closes: when the
// run stops or the runner dies.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProcessOutput, ProcessRequest } from './process-request.ts';

/** More workers would only queue for the same cores; more calls at once wait for one. */
const maximumWorkers = 8;

/** Words longer than this together go to the spawner: the shell would fail them as too long (E2BIG) where execFile rejects. */
const maximumArgumentBytes = 96 * 1024;

const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Variables `sh` sets for itself, which a process it starts would otherwise see with the
// shell's values: each call gets the runner's. PWD, OLDPWD and SHLVL the shell may export
// whatever the runner had (removed when the runner has none); the others only when the runner
// has them.
const shellExportedVariables = ['PWD', 'OLDPWD', 'SHLVL'] as const;
const shellOwnVariables = ['IFS', 'OPTIND', 'PPID'] as const;

/** The failure execFile reports when the process cannot start (no such directory or program). */
function startFailure(request: ProcessRequest): Error {
  return Object.assign(new Error(`spawn ${request.file} ENOENT`), {
    code: 'ENOENT',
    errno: -2,
    syscall: `spawn ${request.file}`,
    path: request.file,
    spawnargs: [...request.args],
  });
}

interface Call {
  request: ProcessRequest;
  resolve: (output: ProcessOutput) => void;
  reject: (error: Error) => void;
}

/**
 * The call's answer from its files, once its process has ended with `status`. Read at once, not
 * through the thread pool: a few small files, where each asynchronous step would cost the
 * runner's thread more than the read itself.
 */
function answer(request: ProcessRequest, files: { out: string; err: string }, status: string): ProcessOutput {
  try {
    if (status === 'nocwd' || status === 'noexec') throw startFailure(request);
    for (const [stream, file] of [
      ['stdout', files.out],
      ['stderr', files.err],
    ] as const)
      if (statSync(file).size > request.maxBuffer)
        throw Object.assign(new RangeError(`${stream} maxBuffer length exceeded`), {
          code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
        });
    return {
      exitCode: Number(status),
      stdout: readFileSync(files.out, 'utf8'),
      stderr: readFileSync(files.err, 'utf8'),
    };
  } finally {
    rmSync(files.out, { force: true });
    rmSync(files.err, { force: true });
  }
}

class ShellWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #base: Readonly<Record<string, string | undefined>>;
  readonly #folder: string;
  readonly #onFree: (worker: ShellWorker) => void;
  #call: { call: Call; marker: string; files: { out: string; err: string } } | undefined;
  #pending = '';
  #ended = false;
  #closing = false;

  constructor(
    base: Readonly<Record<string, string | undefined>>,
    folder: string,
    onFree: (worker: ShellWorker) => void,
  ) {
    this.#base = base;
    this.#folder = folder;
    this.#onFree = onFree;
    this.#child = spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'], env: base });
    this.#child.on('error', () => this.#end());
    this.#child.on('exit', () => this.#end());
    this.#child.stdin.on('error', () => this.#end());
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => this.#data(chunk));
    // What the shell itself says (a call killed by a signal, say) is no call's output.
    this.#child.stderr.resume();
    this.#child.stdin.write('trap : INT TERM HUP\n');
    this.#hold(false);
  }

  get ended(): boolean {
    return this.#ended;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  start(call: Call): void {
    const marker = randomBytes(16).toString('hex');
    const files = {
      out: path.join(this.#folder, `${marker}.out`),
      err: path.join(this.#folder, `${marker}.err`),
    };
    this.#call = { call, marker, files };
    this.#hold(true);
    const { request } = call;
    const settings: string[] = [];
    for (const name of [...shellExportedVariables, ...shellOwnVariables]) {
      const value = this.#base[name];
      if (value !== undefined) settings.push(`export ${name}=${quote(value)}`);
      else if ((shellExportedVariables as readonly string[]).includes(name)) settings.push(`unset ${name}`);
    }
    for (const [name, value] of Object.entries(request.env))
      settings.push(value === null ? `unset ${name}` : `export ${name}=${quote(value)}`);
    const command = [request.file, ...request.args].map(quote).join(' ');
    this.#child.stdin.write(
      `if ! [ -d ${quote(request.cwd)} ]; then status=nocwd
elif ! command -v ${quote(request.file)} >/dev/null 2>&1; then status=noexec
else (cd -P -- ${quote(request.cwd)} || exit 1; ${settings.join('; ')}; exec ${command}) </dev/null >${quote(files.out)} 2>${quote(files.err)}; status=$?
fi
printf '%s %s\\n' ${marker} "$status"
`,
    );
  }

  /** No more calls: it ends once the one it runs has answered; resolves when it has exited. */
  close(): Promise<void> {
    if (this.#ended) return Promise.resolve();
    this.#closing = true;
    const closed = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#hold(true);
    this.#child.stdin.end();
    return closed;
  }

  #data(chunk: string): void {
    this.#pending += chunk;
    const newline = this.#pending.indexOf('\n');
    if (newline < 0) return;
    const line = this.#pending.slice(0, newline);
    this.#pending = this.#pending.slice(newline + 1);
    const current = this.#call;
    const [marker, status = ''] = line.split(' ');
    // Only the worker writes here, one line a call: anything else and it is not trusted again.
    if (!current || marker !== current.marker || this.#pending !== '') {
      this.#child.kill('SIGKILL');
      return;
    }
    this.#call = undefined;
    if (!this.#closing) this.#hold(false);
    try {
      current.call.resolve(answer(current.call.request, current.files, status));
    } catch (error) {
      current.call.reject(error as Error);
    }
    this.#onFree(this);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#hold(false);
    const current = this.#call;
    this.#call = undefined;
    if (current) {
      const { request } = current.call;
      current.call.reject(
        new Error(
          `${request.file} ${request.args.join(' ')}: the shell worker (pid ${this.#child.pid}) ended before it reported`,
        ),
      );
    }
    this.#onFree(this);
  }

  /** A worker keeps the runner's event loop alive only while it runs a call (or is closing). */
  #hold(busy: boolean): void {
    const pipes = [this.#child.stdin, this.#child.stdout, this.#child.stderr] as unknown as Socket[];
    for (const handle of [this.#child, ...pipes]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}

export class ShellWorkers {
  readonly #base: Readonly<Record<string, string | undefined>>;
  readonly #workers = new Set<ShellWorker>();
  readonly #free: ShellWorker[] = [];
  readonly #queue: Call[] = [];
  #folder: string | undefined;
  #closed = false;

  constructor(base: Readonly<Record<string, string | undefined>> = process.env) {
    this.#base = { ...base };
  }

  /**
   * Whether it can start this call as execFile would. It cannot carry a NUL, a variable name
   * that is none (in the runner's environment or the call's changes) or very long arguments; it
   * leaves to the spawner a call without an absolute directory, one that changes PATH (the
   * program is looked for before the call's changes apply) and a runner environment that would
   * change the shell itself (shell options, an OPTIND that is no number).
   */
  accepts(request: ProcessRequest): boolean {
    if (this.#closed || !path.isAbsolute(request.cwd) || 'PATH' in request.env) return false;
    const names = [...Object.keys(this.#base), ...Object.keys(request.env)];
    if (!names.every((name) => variableName.test(name))) return false;
    if (['SHELLOPTS', 'BASHOPTS'].some((name) => name in this.#base)) return false;
    if (this.#base.OPTIND !== undefined && !/^\d+$/.test(this.#base.OPTIND)) return false;
    const words = [request.file, request.cwd, ...request.args];
    if (words.reduce((total, word) => total + Buffer.byteLength(word), 0) > maximumArgumentBytes)
      return false;
    return [...words, ...Object.values(request.env)].every((word) => word === null || !word.includes('\0'));
  }

  /** Starts the call on a free worker (or a new one); it waits for one when all are busy. */
  run(request: ProcessRequest): Promise<ProcessOutput> {
    return new Promise((resolve, reject) => {
      const call = { request, resolve, reject };
      const worker = this.#freeWorker();
      if (worker) worker.start(call);
      else this.#queue.push(call);
    });
  }

  /** The workers' pids (for tests). */
  get pids(): number[] {
    return [...this.#workers].flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
  }

  /** Ends the workers once their calls have answered; resolves when they have exited. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const call of this.#queue.splice(0))
      call.reject(new Error(`${call.request.file}: the shell workers were stopped before it started`));
    await Promise.all([...this.#workers].map((worker) => worker.close()));
    if (this.#folder) rmSync(this.#folder, { recursive: true, force: true });
  }

  #freeWorker(): ShellWorker | undefined {
    for (let worker = this.#free.pop(); worker; worker = this.#free.pop()) if (!worker.ended) return worker;
    if (this.#workers.size >= maximumWorkers || this.#closed) return undefined;
    // The calls' output files: a folder only this user can read, made with the first worker.
    this.#folder ??= mkdtempSync(path.join(tmpdir(), 'baton-git-calls-'));
    const worker = new ShellWorker(this.#base, this.#folder, (freed) => this.#freed(freed));
    this.#workers.add(worker);
    return worker;
  }

  #freed(worker: ShellWorker): void {
    if (worker.ended) {
      this.#workers.delete(worker);
      // A call that waited for it gets another.
      const waiting = this.#queue.shift();
      if (waiting) this.run(waiting.request).then(waiting.resolve, waiting.reject);
      return;
    }
    const next = this.#queue.shift();
    if (next) worker.start(next);
    else this.#free.push(worker);
  }
}
