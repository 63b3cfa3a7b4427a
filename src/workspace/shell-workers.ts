// The shell workers: a few `sh` processes, started once per `baton run`, that start the run's
// git calls (git-async.ts) for it. Starting a process from Node forks the whole Node process
// (libuv has no vfork on Linux) and waits for the child to exec: some 5 ms of CPU a call on an
// idle machine, far more when memory is slow to copy, paid by the starting process one call
// after another. `sh` forks itself in well under a millisecond. A worker runs one call at a
// time; calls that find every worker busy start another, up to `maximumWorkers`.
//
// What a worker is given is a shell command line the runner writes to its stdin: every word
// single-quoted (a NUL cannot be quoted, so a request with one is refused), variable names
// checked, the call's output on the worker's stdout and stderr, each closed by a line that
// carries a marker drawn afresh for the call (128 random bits nothing else can know). The
// call's process sees exactly what execFile would give it: its working directory, the
// runner's environment with the call's changes, stdin from /dev/null. A worker ignores
// SIGINT, SIGTERM and SIGHUP as the spawner does (the calls it starts do not), stays in the
// runner's process group, and ends when its stdin closes: when the run stops or the runner dies.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { ProcessOutput, ProcessRequest } from './process-request.ts';

/** More workers would only queue for the same cores; more calls at once wait for one. */
const maximumWorkers = 8;

/** The most a marker's line takes: NUL, 32 hex digits, a space, a status word, a newline. */
const markerLineBytes = 64;

const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Variables `sh` sets for itself, which a process it starts would otherwise see with the
// shell's values: each call gets the runner's. PWD and OLDPWD the shell exports whatever the
// runner had (removed when the runner has none); the others only when the runner has them.
const shellExportedVariables = ['PWD', 'OLDPWD'] as const;
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
  onChunk: ((chunk: string) => void) | undefined;
  resolve: (output: ProcessOutput) => void;
  reject: (error: Error) => void;
}

/** One stream of a call's output, up to the line with the call's marker. */
class CallStream {
  readonly #marker: Buffer;
  readonly #limit: number;
  #parts: Buffer[] = [];
  #length = 0;
  /** Where the marker's line starts, once it came. */
  #end: number | undefined;
  /** What follows the marker on its line (the exit status, on stdout); undefined until it came. */
  ending: string | undefined;

  constructor(marker: string, limit: number) {
    this.#marker = Buffer.from(`\0${marker}`);
    this.#limit = limit;
  }

  /** The output so far (the marker's line left out), in bytes. */
  get length(): number {
    return this.#end ?? this.#length;
  }

  get overflow(): boolean {
    return this.length > this.#limit;
  }

  take(chunk: Buffer): void {
    this.#parts.push(chunk);
    this.#length += chunk.length;
    // The marker's line is the last thing the worker writes for the call, in one write after
    // the call's process has ended: it can only be at the very end, so only the end is read.
    if (chunk.at(-1) !== 0x0a) return;
    const tail = this.#tail(markerLineBytes);
    const at = tail.lastIndexOf(this.#marker);
    if (at < 0 || tail.indexOf(0x0a, at) !== tail.length - 1) return;
    this.#end = this.#length - tail.length + at;
    this.ending = tail
      .subarray(at + this.#marker.length, tail.length - 1)
      .toString()
      .trim();
  }

  /**
   * How many of the last bytes may be the start of the marker's line, not yet whole: what a
   * streaming call is not given until the line has come (0 once it has: `length` leaves it out).
   */
  heldBack(): number {
    if (this.#end !== undefined) return 0;
    const tail = this.#tail(markerLineBytes);
    const whole = tail.lastIndexOf(this.#marker);
    if (whole >= 0) return tail.length - whole;
    for (let size = Math.min(tail.length, this.#marker.length - 1); size > 0; size--)
      if (tail.subarray(tail.length - size).equals(this.#marker.subarray(0, size))) return size;
    return 0;
  }

  /** The last `size` bytes that came (or all, when fewer came), reading only the parts they are in. */
  #tail(size: number): Buffer {
    const parts: Buffer[] = [];
    let collected = 0;
    for (let index = this.#parts.length - 1; index >= 0 && collected < size; index--) {
      parts.unshift(this.#parts[index]!);
      collected += this.#parts[index]!.length;
    }
    const joined = Buffer.concat(parts);
    return joined.subarray(Math.max(0, joined.length - size));
  }

  /** Bytes `from` to `to` of what came. */
  bytes(from: number, to: number): Buffer {
    if (this.#parts.length > 1) this.#parts = [Buffer.concat(this.#parts)];
    return (this.#parts[0] ?? Buffer.alloc(0)).subarray(from, to);
  }

  text(): string {
    return this.bytes(0, this.length).toString('utf8');
  }
}

/** A call a worker runs: its two streams, and how much of its stdout a streaming call was given. */
interface RunningCall {
  call: Call;
  stdout: CallStream;
  stderr: CallStream;
  streamed: number;
  decoder: StringDecoder;
}

class ShellWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #base: Readonly<Record<string, string | undefined>>;
  readonly #onFree: (worker: ShellWorker) => void;
  #call: RunningCall | undefined;
  #ended = false;

  constructor(base: Readonly<Record<string, string | undefined>>, onFree: (worker: ShellWorker) => void) {
    this.#base = base;
    this.#onFree = onFree;
    this.#child = spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'], env: base });
    this.#child.on('error', () => this.#end());
    // On its exit, not the pipes' close: a process the call left may hold them open for long.
    this.#child.on('exit', () => this.#end());
    this.#child.stdin.on('error', () => this.#end());
    this.#child.stdout.on('data', (chunk: Buffer) => this.#data('stdout', chunk));
    this.#child.stderr.on('data', (chunk: Buffer) => this.#data('stderr', chunk));
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
    const { request } = call;
    this.#call = {
      call,
      stdout: new CallStream(marker, request.maxBuffer),
      stderr: new CallStream(marker, request.maxBuffer),
      streamed: 0,
      decoder: new StringDecoder('utf8'),
    };
    this.#hold(true);
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
else (cd -P -- ${quote(request.cwd)} || exit 1; ${settings.join('; ')}; exec ${command}) </dev/null; status=$?
fi
printf '\\0%s %s\\n' ${marker} "$status"
printf '\\0%s\\n' ${marker} >&2
`,
    );
  }

  /** No more calls: it ends once the one it runs has answered. */
  close(): Promise<void> {
    if (this.#ended) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#hold(true);
    this.#child.stdin.end();
    return closed;
  }

  /** Ends it now (a test stands in for whatever could kill it). */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #data(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const current = this.#call;
    if (!current) return;
    current[stream].take(chunk);
    if (stream === 'stdout' && current.call.onChunk) this.#stream(current);
    if (current.stdout.ending === undefined || current.stderr.ending === undefined) return;
    this.#call = undefined;
    this.#hold(false);
    const { call, stdout, stderr } = current;
    const status = stdout.ending;
    if (status === 'nocwd' || status === 'noexec') call.reject(startFailure(call.request));
    else if (stdout.overflow || stderr.overflow)
      call.reject(
        Object.assign(new RangeError(`${stdout.overflow ? 'stdout' : 'stderr'} maxBuffer length exceeded`), {
          code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
        }),
      );
    else call.resolve({ exitCode: Number(status), stdout: stdout.text(), stderr: stderr.text() });
    this.#onFree(this);
  }

  /**
   * Hands a streaming call its output as it comes, but for the last bytes when they may be the
   * start of the marker's line: they follow when it is clear they are not.
   */
  #stream(current: RunningCall): void {
    const { stdout } = current;
    const upTo = stdout.length - stdout.heldBack();
    if (upTo > current.streamed) {
      const text = current.decoder.write(stdout.bytes(current.streamed, upTo));
      current.streamed = upTo;
      if (text) current.call.onChunk!(text);
    }
    if (stdout.ending === undefined) return;
    const rest = current.decoder.end();
    if (rest) current.call.onChunk!(rest);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#child.stdout.destroy();
    this.#child.stderr.destroy();
    this.#hold(false);
    const current = this.#call;
    this.#call = undefined;
    const request = current?.call.request;
    current?.call.reject(
      new Error(
        `${request!.file} ${request!.args.join(' ')}: the shell worker (pid ${this.#child.pid}) ended before it reported`,
      ),
    );
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
  #closed = false;

  constructor(base: Readonly<Record<string, string | undefined>> = process.env) {
    this.#base = { ...base };
  }

  /**
   * Whether it can start this call as execFile would: a variable name the shell cannot carry
   * (in the runner's environment or the call's changes) or a NUL in a word, and it cannot.
   */
  accepts(request: ProcessRequest): boolean {
    if (this.#closed) return false;
    const names = [...Object.keys(this.#base), ...Object.keys(request.env)];
    if (!names.every((name) => variableName.test(name))) return false;
    const words = [request.file, request.cwd, ...request.args, ...Object.values(request.env)];
    return words.every((word) => word === null || !word.includes('\0'));
  }

  /** Starts the call on a free worker (or a new one); it waits for one when all are busy. */
  run(request: ProcessRequest, onChunk?: (chunk: string) => void): Promise<ProcessOutput> {
    return new Promise((resolve, reject) => {
      const call = { request, onChunk, resolve, reject };
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
  close(): Promise<void> {
    this.#closed = true;
    for (const call of this.#queue.splice(0))
      call.reject(new Error(`${call.request.file}: the shell workers were stopped before it started`));
    return Promise.all([...this.#workers].map((worker) => worker.close())).then(() => {});
  }

  #freeWorker(): ShellWorker | undefined {
    for (let worker = this.#free.pop(); worker; worker = this.#free.pop()) if (!worker.ended) return worker;
    if (this.#workers.size >= maximumWorkers || this.#closed) return undefined;
    const worker = new ShellWorker(this.#base, (freed) => this.#freed(freed));
    this.#workers.add(worker);
    return worker;
  }

  #freed(worker: ShellWorker): void {
    if (worker.ended) {
      this.#workers.delete(worker);
      // A call that waited for it gets another.
      const waiting = this.#queue.shift();
      if (waiting) this.run(waiting.request, waiting.onChunk).then(waiting.resolve, waiting.reject);
      return;
    }
    const next = this.#queue.shift();
    if (next) worker.start(next);
    else this.#free.push(worker);
  }
}
