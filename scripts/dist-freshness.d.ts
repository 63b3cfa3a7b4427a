// Types of dist-freshness.js (plain JavaScript, so that bin/baton.js loads it without type stripping).
export interface SourceStamp {
  newestMs: number;
  count: number;
}
export const stampName: string;
export function sourceStamp(checkout: string): SourceStamp;
export function sourceHash(checkout: string): string;
export function writeFileAtomic(file: string, text: string): void;
export function writeStamp(dist: string, stamp: SourceStamp & { id: string }): void;
export function distFreshness(checkout: string, dist: string): 'current' | 'stale';
export function chooseBase(checkout: string, options: { hook: boolean }): Promise<'dist' | 'src'>;
export function backgroundRebuildDone(checkout: string, failed: boolean): void;
