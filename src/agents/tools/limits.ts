// Caps that keep one tool answer from flooding a model's context (or baton's memory).

export interface ToolLimits {
  /** read_file returns at most this many bytes of text; the rest is read with a line range. */
  readMaxBytes: number;
  /** read_file refuses files larger than this outright. */
  readMaxFileBytes: number;
  /** list_files returns at most this many paths. */
  listMaxEntries: number;
  /** search returns at most this many matching lines. */
  searchMaxResults: number;
  /** search skips files larger than this. */
  searchMaxFileBytes: number;
  /** A matching line is cut to this many characters. */
  searchMaxLineLength: number;
}

export const defaultToolLimits: ToolLimits = {
  readMaxBytes: 256 * 1024,
  readMaxFileBytes: 16 * 1024 * 1024,
  listMaxEntries: 1000,
  searchMaxResults: 200,
  searchMaxFileBytes: 1024 * 1024,
  searchMaxLineLength: 300,
};

/** True when the start of a file looks binary (a NUL byte, as git decides). */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
