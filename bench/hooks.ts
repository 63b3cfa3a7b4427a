// The start-up cost Claude Code pays on every edit: the median wall time of
// `baton hook pre-tool-use` on an allowed edit, beside `node -e 0` on the same machine.
// Target (issue 3): at most 2x bare Node start, and at most 80 ms.
//
//   node bench/hooks.ts [--runs 20] [--no-config]
//
// Two builds are timed: this checkout as it runs in development (Node strips the TypeScript
// types on every start, which alone costs about as much as Node's own start), and the bundled
// JavaScript a published install runs (bin/baton.js prefers dist/), built here into a temporary
// folder by scripts/build.ts.
//
// The repository is a fresh `baton init` one (so .baton/config.yaml exists, as for a real user;
// --no-config removes it). The edit is by instance A, on a file it already holds (the steady
// state: every edit after the first renews the lease); the first claim of a new file is timed
// separately.
//
// A Bash call is timed too: its PreToolUse and PostToolUse together, by instance A while instance
// B holds 50 files (B's claims are taken before the runs). The Bash guard copies those files (and
// baton's configuration) before the command and compares them after it.
// Target (issue 11): at most 120 ms for the two hooks together.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCompiledCopy } from '../scripts/compiled-copy.ts';

const argv = process.argv.slice(2);
const runsIndex = argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(argv[runsIndex + 1]) : 20;
const withConfig = !argv.includes('--no-config');
const checkout = path.resolve(import.meta.dirname, '..');
const bin = path.join(checkout, 'bin', 'baton.js');

const repository = realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-bench-hooks-')));
const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'baton-bench-home-')));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: home,
  XDG_CACHE_HOME: path.join(home, '.cache'),
  BATON_INSTANCE: 'A',
};
delete env.BATON_DATABASE_URL;
delete env.BATON_ROLE;

function time(command: string, args: string[], input?: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: repository, env, input, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  if (result.stdout.includes('"deny"') || result.stdout.includes('"block"'))
    throw new Error(`the call was denied: ${result.stdout}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function payload(file: string): string {
  return JSON.stringify({
    session_id: 'bench',
    transcript_path: path.join(home, 'transcript.jsonl'),
    cwd: repository,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Edit',
    tool_input: { file_path: path.join(repository, file), old_string: 'a', new_string: 'b' },
    tool_use_id: 'toolu_bench',
  });
}

// Once per prompt, not per tool call: a turn of the instance's attention, naming one file.
function promptPayload(): string {
  return JSON.stringify({
    session_id: 'bench',
    cwd: repository,
    hook_event_name: 'UserPromptSubmit',
    prompt: 'Please look at README.md and fix it.',
  });
}

/** How many files another instance holds while a Bash call is timed. */
const heldByOthers = 50;

function bashPayload(event: 'PreToolUse' | 'PostToolUse', toolUseId: string): string {
  return JSON.stringify({
    session_id: 'bench',
    transcript_path: path.join(home, 'transcript.jsonl'),
    cwd: repository,
    permission_mode: 'default',
    hook_event_name: event,
    tool_name: 'Bash',
    tool_input: { command: 'ls src' },
    tool_use_id: toolUseId,
    ...(event === 'PostToolUse' ? { tool_response: { stdout: '', stderr: '', interrupted: false } } : {}),
  });
}

/** B takes the files it holds during the Bash timings (a person's terminal claiming for B). */
function claimFilesForB(batonBin: string): void {
  const files: string[] = [];
  for (let index = 0; index < heldByOthers; index += 1) {
    const file = `held/file-${index}.ts`;
    writeFileSync(path.join(repository, file), `export const value${index} = ${index};\n`.repeat(40));
    files.push(file);
  }
  execFileSync(process.execPath, [batonBin, 'claim', ...files, '--reason', 'bench'], {
    cwd: repository,
    env: { ...env, BATON_INSTANCE: 'B' },
    stdio: 'ignore',
  });
}

/** One Bash call's two hooks, as Claude Code runs them around the command. */
function timeBashCall(batonBin: string, index: number): number {
  const toolUseId = `toolu_bash_${index}`;
  return (
    time(process.execPath, [batonBin, 'hook', 'pre-tool-use'], bashPayload('PreToolUse', toolUseId)) +
    time(process.execPath, [batonBin, 'hook', 'post-tool-use'], bashPayload('PostToolUse', toolUseId))
  );
}

function measure(label: string, batonBin: string, fromSource: boolean): void {
  // The checkout's bin/baton.js would take a dist/ built there: force the sources.
  if (fromSource) env.BATON_FROM_SOURCE = '1';
  else delete env.BATON_FROM_SOURCE;
  const hookArgs = [batonBin, 'hook', 'pre-tool-use'];
  const steady = payload(`src/steady-${label}.ts`);
  // Warm-up: file-system caches, the hook's config cache, the first claim of the file.
  for (let index = 0; index < 3; index += 1) {
    time(process.execPath, ['-e', '0']);
    time(process.execPath, hookArgs, steady);
  }
  const bare: number[] = [];
  const hook: number[] = [];
  const firstClaims: number[] = [];
  const prompts: number[] = [];
  const bashCalls: number[] = [];
  for (let index = 0; index < 3; index += 1) timeBashCall(batonBin, -index - 1);
  for (let index = 0; index < runs; index += 1) {
    bashCalls.push(timeBashCall(batonBin, index));
    bare.push(time(process.execPath, ['-e', '0']));
    hook.push(time(process.execPath, hookArgs, steady));
    firstClaims.push(time(process.execPath, hookArgs, payload(`src/new-${label}-${index}.ts`)));
    prompts.push(time(process.execPath, [batonBin, 'hook', 'user-prompt-submit'], promptPayload()));
  }
  const bareMedian = median(bare);
  const hookMedian = median(hook);
  const ratio = hookMedian / bareMedian;
  const line = (name: string, value: string) => console.log(`  ${name.padEnd(50)} ${value}`);
  console.log(`${label}:`);
  line('node -e 0, median', `${bareMedian.toFixed(1)} ms`);
  line('hook, allowed edit (lease renewal), median', `${hookMedian.toFixed(1)} ms`);
  line('hook, allowed edit (first claim of a file), median', `${median(firstClaims).toFixed(1)} ms`);
  line('ratio hook / node', `${ratio.toFixed(2)}x`);
  line('target (edit hook): <= 2x node and <= 80 ms', ratio <= 2 && hookMedian <= 80 ? 'met' : 'MISSED');
  line('user-prompt-submit (an attention turn), median', `${median(prompts).toFixed(1)} ms`);
  const bashMedian = median(bashCalls);
  line(`Bash pre + post, ${heldByOthers} files held by another, median`, `${bashMedian.toFixed(1)} ms`);
  line('target (Bash pre + post): <= 120 ms', bashMedian <= 120 ? 'met' : 'MISSED');
}

let compiled: string | undefined;
let checkoutCopy: string | undefined;
try {
  execFileSync('git', ['init', '--quiet'], { cwd: repository });
  execFileSync(process.execPath, [bin, 'init'], { cwd: repository, env, stdio: 'ignore' });
  if (!withConfig) rmSync(path.join(repository, '.baton', 'config.yaml'));
  // A file for the prompt to name: the attention turn reads it whole.
  writeFileSync(path.join(repository, 'README.md'), '# Bench\n\nA line of text.\n'.repeat(50));
  mkdirSync(path.join(repository, 'held'));
  claimFilesForB(bin);
  console.log(
    `baton hook pre-tool-use on an allowed Edit, ${runs} runs after warm-up, config.yaml ${withConfig ? 'present' : 'absent'}, SQLite store`,
  );
  compiled = buildCompiledCopy();
  measure('compiled (dist/, as installed from npm)', path.join(compiled, 'bin', 'baton.js'), false);
  // A checkout after `npm install`: the same bundle, and on every start the check that dist/ is
  // not older than src/ (scripts/dist-freshness.js).
  checkoutCopy = buildCompiledCopy({ asCheckout: true });
  measure('checkout with dist/ (npm install built it)', path.join(checkoutCopy, 'bin', 'baton.js'), false);
  measure('checkout (src/*.ts, types stripped at start)', bin, true);
} finally {
  rmSync(repository, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  if (compiled) rmSync(compiled, { recursive: true, force: true });
  if (checkoutCopy) rmSync(checkoutCopy, { recursive: true, force: true });
}
