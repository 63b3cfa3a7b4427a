// What every view of the page renders with: the `html` template tag (htm over Preact, no build
// step), the page's figures (dollars, how long ago) and what a view shows until its data is
// there. One home, so that each view module imports them instead of keeping a copy.
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);

export const dollars = (value) => `$${(value ?? 0).toFixed(4)}`;

export function ago(at) {
  if (!at) return 'no activity';
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

/** A view's refusal (baton's error, with its hint) or its loading line; null once data is there. */
export function notYetLoaded(data, error) {
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  return null;
}
