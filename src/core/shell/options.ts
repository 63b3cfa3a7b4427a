// Reading a command's options the way the command itself will, so that `isReadOnlyCommand` judges
// what actually runs. Deny by default:
//
//   Long options are accepted only when written out in full and known. GNU getopt_long and git's
//   parse-options accept any unique prefix (`--in` for `--in-place`, `--outp` for `--output`);
//   a prefix of a refused option is refused with that option's reason, and any other
//   abbreviation is refused with "write it in full". An exact name is matched exactly by every
//   tool, so an accepted option is always the option we think it is.
//   Short options are read as clusters (`-no` is `-n -o`): a refused letter anywhere in a cluster
//   refuses it; a letter that takes a value takes the rest of the cluster (`-o./PWN`, `-Osh …`)
//   or else the next argument; an unknown letter is refused.
//   A value taken from the next argument that itself starts with `-` is refused: if the spec were
//   wrong about that option taking a value, the "value" would be an option nobody checked.

export interface OptionSpec {
  /** Short letters that take no value. */
  flags?: string;
  /** Short letters that take a value: the rest of the cluster, or else the next argument. */
  valued?: string;
  /** Short letters with an optional value that can only be attached (`-U3`, `-M50%`, `-uno`). */
  attached?: string;
  /** `-20` (a count) is an option. */
  numeric?: boolean;
  /**
   * Long options without the dashes: `name` takes no value; `name=` takes a value (attached with
   * `=` or the next argument); `name=?` takes an optional value, attached with `=` only.
   */
  long?: readonly string[];
  /** Short letters that write or run something, with the reason. */
  refusedShort?: Readonly<Record<string, string>>;
  /** Long options (without dashes) that write or run something, with the reason. */
  refusedLong?: Readonly<Record<string, string>>;
  /** Options end at the first operand (POSIX order: xargs, awk, git's own options). */
  stopAtOperand?: boolean;
}

export interface ParsedOption {
  /** `-x` or `--name`. */
  name: string;
  value?: string;
}

export interface ParsedOptions {
  options: ParsedOption[];
  operands: string[];
}

export type OptionParse = ParsedOptions | { refused: string };

function longTable(spec: OptionSpec): Map<string, 'none' | 'required' | 'optional'> {
  const table = new Map<string, 'none' | 'required' | 'optional'>();
  for (const entry of spec.long ?? []) {
    if (entry.endsWith('=?')) table.set(entry.slice(0, -2), 'optional');
    else if (entry.endsWith('=')) table.set(entry.slice(0, -1), 'required');
    else table.set(entry, 'none');
  }
  return table;
}

const tables = new WeakMap<OptionSpec, Map<string, 'none' | 'required' | 'optional'>>();

/** Parses `args` (the words after the command name) against `spec`. */
export function parseOptions(command: string, args: readonly string[], spec: OptionSpec): OptionParse {
  let table = tables.get(spec);
  if (!table) {
    table = longTable(spec);
    tables.set(spec, table);
  }
  const refusedLong = spec.refusedLong ?? {};
  const refusedShort = spec.refusedShort ?? {};
  const options: ParsedOption[] = [];
  const operands: string[] = [];

  const takeNext = (index: number, name: string): { value: string } | { refused: string } => {
    const value = args[index];
    if (value === undefined) return { refused: `${command} ${name} needs a value` };
    if (value.startsWith('-') && value !== '-') {
      return { refused: `${command} ${name} ${value}: a value that looks like an option is not accepted` };
    }
    return { value };
  };

  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (argument === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      if (spec.stopAtOperand) {
        operands.push(...args.slice(index));
        break;
      }
      operands.push(argument);
      continue;
    }
    if (argument.startsWith('--')) {
      const equals = argument.indexOf('=');
      const name = argument.slice(2, equals < 0 ? undefined : equals);
      const attachedValue = equals < 0 ? undefined : argument.slice(equals + 1);
      const refusal = refusedLong[name];
      if (refusal !== undefined) return { refused: `${command} --${name}: ${refusal}` };
      if (name.length === 0) return { refused: `${command}: cannot read option ${argument}` };
      const abbreviates = Object.keys(refusedLong).find((refused) => refused.startsWith(name));
      if (abbreviates !== undefined) {
        return {
          refused: `${command} --${name} abbreviates --${abbreviates}: ${refusedLong[abbreviates]}`,
        };
      }
      const kind = table.get(name);
      if (kind === undefined) {
        const full = [...table.keys()].filter((known) => known.startsWith(name));
        return {
          refused:
            full.length > 0
              ? `${command} --${name}: abbreviated options are not accepted (write ${full.map((known) => `--${known}`).join(' or ')} in full)`
              : `${command} option --${name} is not known to be read-only`,
        };
      }
      if (kind === 'none') {
        if (attachedValue !== undefined) return { refused: `${command} --${name} takes no value` };
        options.push({ name: `--${name}` });
      } else if (attachedValue !== undefined) {
        options.push({ name: `--${name}`, value: attachedValue });
      } else if (kind === 'required') {
        const next = takeNext(index + 1, `--${name}`);
        if ('refused' in next) return next;
        options.push({ name: `--${name}`, value: next.value });
        index += 1;
      } else {
        options.push({ name: `--${name}` });
      }
      continue;
    }
    const letters = argument.slice(1);
    if (spec.numeric && /^\d+$/.test(letters)) {
      options.push({ name: '-n', value: letters });
      continue;
    }
    // A refused letter anywhere in the cluster refuses it, even where it would be a value.
    for (const letter of letters) {
      const refusal = refusedShort[letter];
      if (refusal !== undefined) return { refused: `${command} -${letter} (in ${argument}): ${refusal}` };
    }
    for (let position = 0; position < letters.length; position += 1) {
      const letter = letters[position]!;
      const rest = letters.slice(position + 1);
      if (spec.valued?.includes(letter)) {
        if (rest.length > 0) {
          options.push({ name: `-${letter}`, value: rest });
        } else {
          const next = takeNext(index + 1, `-${letter}`);
          if ('refused' in next) return next;
          options.push({ name: `-${letter}`, value: next.value });
          index += 1;
        }
        break;
      }
      if (spec.attached?.includes(letter)) {
        options.push({ name: `-${letter}`, ...(rest.length > 0 ? { value: rest } : {}) });
        break;
      }
      if (spec.flags?.includes(letter)) {
        options.push({ name: `-${letter}` });
        continue;
      }
      return { refused: `${command} option -${letter} (in ${argument}) is not known to be read-only` };
    }
  }
  return { options, operands };
}

/** The values given to any of `names` (`-e`, `--expression` …), in order. */
export function optionValues(parsed: ParsedOptions, names: readonly string[]): string[] {
  return parsed.options
    .filter((option) => names.includes(option.name) && option.value !== undefined)
    .map((option) => option.value!);
}

export function hasOption(parsed: ParsedOptions, names: readonly string[]): boolean {
  return parsed.options.some((option) => names.includes(option.name));
}
