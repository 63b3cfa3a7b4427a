// Keys come from the environment only, and never reach the store, a log or an error. Backends
// print what agent CLIs and commands said; any of that may echo a key (a failing script that
// prints its configuration, a CLI's verbose error). scrubSecrets removes the values of
// environment variables whose names look like credentials (or that a role's `api_key_env`
// names, whatever they are called: see declareSecretVariable), and token-shaped strings, from
// text before it is stored or printed.

/**
 * Names that usually hold credentials: `*_KEY`, `*APIKEY`, `*SECRET`, `*PASSWORD`, `*TOKEN`,
 * `*CREDENTIALS`, `*PRIVATE_KEY`, `*DATABASE_URL`… One rule for scrubbing text and for the
 * variables kept from commands.
 */
export const secretNamePattern =
  /(_KEY|APIKEY|API_KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|DATABASE_URL|AUTH)$/i;

// Variables baton reads a key from (a role's `api_key_env`, a provider's default key
// variable): secret whatever their name, for the life of the process.
const declaredSecretVariables = new Set<string>();

/** Marks an environment variable as holding a secret: its value is scrubbed from then on. */
export function declareSecretVariable(name: string): void {
  declaredSecretVariables.add(name);
}

// Vendor key shapes, for keys that are not in this process's environment.
const tokenPatterns: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{16,}/g,
  /\bsk-(proj-)?[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
];

// Short values ("1", "true") would blank out ordinary words.
const minimumSecretLength = 8;

export function secretValues(environment: Readonly<Record<string, string | undefined>> = process.env): Array<{
  name: string;
  value: string;
}> {
  return Object.entries(environment)
    .filter(
      (entry): entry is [string, string] =>
        isSecretVariable(entry[0]) && typeof entry[1] === 'string' && entry[1].length >= minimumSecretLength,
    )
    .map(([name, value]) => ({ name, value }))
    .sort((left, right) => right.value.length - left.value.length);
}

/** Whether a variable of this name holds a secret (its name, or a role's `api_key_env`). */
export function isSecretVariable(name: string): boolean {
  return secretNamePattern.test(name) || declaredSecretVariables.has(name);
}

/**
 * The environment without its secret variables: what a command baton runs for an agent or a
 * task (verify commands, run_command) is handed, so a script that prints its configuration has
 * no key to print.
 */
export function environmentWithoutSecrets(
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !isSecretVariable(name)));
}

/** The text with every secret-looking value replaced by `[redacted NAME]`. */
export function scrubSecrets(
  text: string,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return scrubWith(text, secretValues(environment));
}

function scrubWith(text: string, secrets: ReturnType<typeof secretValues>): string {
  let scrubbed = text;
  for (const { name, value } of secrets) scrubbed = scrubbed.split(value).join(`[redacted ${name}]`);
  for (const pattern of tokenPatterns) scrubbed = scrubbed.replace(pattern, '[redacted token]');
  return scrubbed;
}

/** Scrubs every string inside a JSON-like value (for event and usage data). */
export function scrubValue<Value>(
  value: Value,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Value {
  // The environment's secrets are listed once for the whole value, not once per string in it.
  return scrubValueWith(value, secretValues(environment));
}

function scrubValueWith<Value>(value: Value, secrets: ReturnType<typeof secretValues>): Value {
  if (typeof value === 'string') return scrubWith(value, secrets) as Value;
  if (Array.isArray(value)) return value.map((item) => scrubValueWith(item, secrets)) as Value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        scrubValueWith(item, secrets),
      ]),
    ) as Value;
  }
  return value;
}
