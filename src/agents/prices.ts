// What a model call costs. Claude Code and Codex report usage (Claude Code also its cost),
// and their reports are used as they are; for the rest baton prices the tokens itself, from
// the table below or from `prices` in .baton/config.yaml, which overrides it.
//
// Dollars per million tokens, AS LISTED ON THE VENDORS' PUBLIC PRICE PAGES ON 2025-10-01
// (`pricesListedOn`). Prices change: check them, and set `prices` in the config for the models
// you use. Entries marked "unsure" are from memory of those pages and were not re-checked.
import type { Usage } from './backend.ts';

export const pricesListedOn = '2025-10-01';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Reading from the prompt cache (Anthropic cache read, OpenAI cached input). */
  cacheReadPerMTok?: number;
  /** Writing to the prompt cache (Anthropic, 5-minute cache). */
  cacheWritePerMTok?: number;
}

const anthropic = (input: number, output: number): ModelPrice => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cacheReadPerMTok: input / 10,
  cacheWritePerMTok: input * 1.25,
});
const openai = (input: number, output: number, cachedInput: number): ModelPrice => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cacheReadPerMTok: cachedInput,
});

/** Keyed by the vendor's model name, without the `vendor:` prefix and without a date suffix. */
export const shippedPrices: Readonly<Record<string, ModelPrice>> = {
  // Anthropic: cache reads at 0.1×, 5-minute cache writes at 1.25× the input price.
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-haiku': anthropic(0.25, 1.25),
  // OpenAI: cached input as listed.
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-codex': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4.1-nano': openai(0.1, 0.4, 0.025),
  'gpt-4o': openai(2.5, 10, 1.25),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  o3: openai(2, 8, 0.5),
  'o4-mini': openai(1.1, 4.4, 0.275),
  // Google: prompts up to 200k tokens (longer prompts cost more). Unsure: the cache prices.
  'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.31 },
  'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.075 },
  // Unsure: flash-lite's output price.
  'gemini-2.5-flash-lite': { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025 },
};

export interface ConfiguredPrice {
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok?: number | undefined;
  cache_write_per_mtok?: number | undefined;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The shipped table with the configured prices over it (a configured key may carry a vendor prefix). */
export function priceTable(configured: Readonly<Record<string, ConfiguredPrice>> = {}): PriceTable {
  const table: Record<string, ModelPrice> = { ...shippedPrices };
  for (const [model, price] of Object.entries(configured)) {
    table[model] = {
      inputPerMTok: price.input_per_mtok,
      outputPerMTok: price.output_per_mtok,
      ...(price.cache_read_per_mtok === undefined ? {} : { cacheReadPerMTok: price.cache_read_per_mtok }),
      ...(price.cache_write_per_mtok === undefined ? {} : { cacheWritePerMTok: price.cache_write_per_mtok }),
    };
  }
  return table;
}

const free: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };

/**
 * The price of a model named `anthropic:claude-sonnet-4-5-20250929`, `claude-sonnet-4-5` or
 * `openai:gpt-5`: an exact (configured) match first, then without the vendor, then without a
 * date suffix, then the longest table key the name starts with. Local models (ollama:) are free.
 */
export function findPrice(model: string, table: PriceTable = shippedPrices): ModelPrice | undefined {
  if (table[model]) return table[model];
  if (model.startsWith('ollama:')) return free;
  const bare = model.replace(/^(anthropic|openai|google|openai-compatible:[^:]+):/, '');
  const undated = bare.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
  for (const candidate of [bare, undated]) if (table[candidate]) return table[candidate];
  const prefix = Object.keys(table)
    .filter((key) => undated.startsWith(`${key}-`) || undated.startsWith(`${key}@`))
    .sort((left, right) => right.length - left.length)[0];
  return prefix === undefined ? undefined : table[prefix];
}

/** Dollars for the usage at this price; cache tokens at input price where no cache price is known. */
export function costOf(usage: Usage, price: ModelPrice): number {
  const perToken = (perMTok: number) => perMTok / 1_000_000;
  return (
    usage.inputTokens * perToken(price.inputPerMTok) +
    usage.outputTokens * perToken(price.outputPerMTok) +
    usage.cacheReadTokens * perToken(price.cacheReadPerMTok ?? price.inputPerMTok) +
    usage.cacheWriteTokens * perToken(price.cacheWritePerMTok ?? price.inputPerMTok)
  );
}

/** The usage's own cost when it has one (a CLI's report), else priced from the table, else undefined. */
export function priceUsage(usage: Usage, table: PriceTable = shippedPrices): number | undefined {
  if (usage.costUsd !== undefined) return usage.costUsd;
  if (usage.model === undefined) return undefined;
  const price = findPrice(usage.model, table);
  return price === undefined ? undefined : costOf(usage, price);
}
