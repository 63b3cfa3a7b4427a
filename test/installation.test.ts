// How baton names itself in what it tells a person to type: `baton` only when PATH leads to
// this very installation (as `npm link` makes it), else the path of its bin/baton.js.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { batonBinPath, batonCommand } from '../src/installation.ts';
import { makeTemporaryDirectory } from './support/repository.ts';

test('batonCommand: `baton` when PATH leads to this installation, else the script path', (t) => {
  const linked = makeTemporaryDirectory(t, 'baton-path-linked-');
  symlinkSync(batonBinPath(), path.join(linked, 'baton'));
  const other = makeTemporaryDirectory(t, 'baton-path-other-');
  writeFileSync(path.join(other, 'baton'), '#!/bin/sh\n', { mode: 0o755 });
  const empty = makeTemporaryDirectory(t, 'baton-path-empty-');
  mkdirSync(path.join(empty, 'bin'));

  assert.equal(batonCommand([empty, linked].join(path.delimiter)), 'baton');
  // Another program called baton is not this one; no baton at all, the same.
  assert.equal(batonCommand([other, empty].join(path.delimiter)), batonBinPath());
  assert.equal(batonCommand(''), batonBinPath());
});
