// Commands that describe files and the machine (tree, file, date, hostname), some of which can
// also change them: writing a listing, touching file times, setting the clock or the host name.

import type { OptionSpec } from '../options.ts';
import { refuse, withSpec } from './rule.ts';

const treeSpec: OptionSpec = {
  flags: 'adlfxiqNQpugshDFvtcUrSnCAXJ',
  valued: 'LPIHT',
  refusedShort: { o: 'tree -o writes a file', R: 'tree -R writes 00Tree.html files' },
  long: [
    'inodes',
    'device',
    'noreport',
    'nolinks',
    'dirsfirst',
    'filesfirst',
    'charset=',
    'filelimit=',
    'si',
    'du',
    'prune',
    'timefmt=',
    'ignore-case',
    'matchdirs',
    'sort=',
    'gitignore',
    'info',
    'metafirst',
    'help',
    'version',
  ],
  refusedLong: { output: 'tree -o writes a file' },
};

const fileSpec: OptionSpec = {
  flags: 'bcdEhiklLNnrsSvzZ0',
  valued: 'eFfmP',
  refusedShort: { C: 'file -C writes a file', p: 'file -p changes file times' },
  long: [
    'brief',
    'checking-printout',
    'exclude=',
    'exclude-quiet=',
    'extension',
    'files-from=',
    'separator=',
    'help',
    'mime',
    'mime-type',
    'mime-encoding',
    'keep-going',
    'list',
    'dereference',
    'magic-file=',
    'no-dereference',
    'no-pad',
    'no-buffer',
    'raw',
    'special-files',
    'uncompress',
    'uncompress-noreport',
    'version',
    'parameter=',
    'print0',
    'apple',
    'debug',
  ],
  refusedLong: { compile: 'file -C writes a file', 'preserve-date': 'file -p changes file times' },
};

const dateSpec: OptionSpec = {
  flags: 'uR',
  valued: 'dfr',
  attached: 'I',
  refusedShort: { s: 'date -s sets the clock' },
  long: [
    'date=',
    'file=',
    'iso-8601=?',
    'reference=',
    'rfc-email',
    'rfc-3339=',
    'utc',
    'universal',
    'debug',
    'resolution',
    'help',
    'version',
  ],
  refusedLong: { set: 'date -s sets the clock' },
};

const hostnameSpec: OptionSpec = {
  flags: 'aAdfiIsy',
  refusedShort: { F: 'hostname -F sets the host name', b: 'hostname -b sets the host name' },
  long: [
    'alias',
    'all-fqdns',
    'domain',
    'fqdn',
    'long',
    'ip-address',
    'all-ip-addresses',
    'short',
    'yp',
    'nis',
    'help',
    'version',
  ],
  refusedLong: refuse('sets the host name', 'file', 'boot'),
};

export const treeRule = withSpec('tree', treeSpec);

export const fileRule = withSpec('file', fileSpec);

export const dateRule = withSpec('date', dateSpec, (parsed) =>
  parsed.operands.some((operand) => !operand.startsWith('+')) || parsed.operands.length > 1
    ? 'date MMDDhhmm sets the clock (only date +FORMAT reads it)'
    : undefined,
);

export const hostnameRule = withSpec('hostname', hostnameSpec, (parsed) =>
  parsed.operands.length > 0 ? 'hostname NAME sets the host name' : undefined,
);
