// The Pool and claims view: the pool feed under the filters `baton pool query` takes (the
// server reads them as the command does), the claims held, and the denials and restores.
import { useState } from 'preact/hooks';
import { useLive } from './live-updates.js';
import { html } from './view-helpers.js';

export function Pool() {
  const [filters, setFilters] = useState({
    instance: '',
    action: '',
    since: '',
    topic: '',
    affects: '',
    plan: '',
  });
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();
  const { data, error } = useLive(`api/pool${query ? `?${query}` : ''}`, () => true);
  const change = (name) => (event) => setFilters({ ...filters, [name]: event.target.value });
  const field = (name, label, placeholder) =>
    html`<label>${label}<input name=${name} value=${filters[name]} placeholder=${placeholder} onChange=${change(name)} /></label>`;
  // The actions come with the feed (the server's list); until then, only "any".
  const actions = data?.actions ?? [];
  const actionField = html`<label>Action<select name="action" value=${filters.action} onChange=${change('action')}>
      <option value="">any</option>${actions.map((action) => html`<option value=${action}>${action}</option>`)}
    </select></label>`;
  return html`<section aria-label="Pool and claims">
    <h1>Pool and claims</h1>
    <form class="filters" onSubmit=${(event) => event.preventDefault()}>${field('instance', 'Instance')} ${actionField} ${field('since', 'Since', '30m, 2h, 2026-01-02T14:00')} ${field('topic', 'Topic')} ${field('affects', 'Affects')} ${field('plan', 'Plan')}</form>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${
      data
        ? html`<div class="pool-grid">
            <section><h2>Claims</h2>
              <table class="claims"><thead><tr><th>Instance</th><th>Pattern</th><th>Mode</th><th>Until</th></tr></thead>
              <tbody>${data.claims.map((claim) => html`<tr><td>${claim.instance}</td><td><code>${claim.pattern}</code></td><td>${claim.exclusive ? 'exclusive' : 'shared'}</td><td>${new Date(claim.expiresAt).toLocaleTimeString()}</td></tr>`)}</tbody></table>
            </section>
            <section><h2>Denials and restores</h2>
              <ul class="denials">${data.denials
                .slice()
                .reverse()
                .map(
                  (event) =>
                    html`<li><time>${new Date(event.at).toLocaleTimeString()}</time> <strong>${event.kind}</strong> ${event.instance ?? ''}: ${event.text}</li>`,
                )}</ul>
            </section>
            <section class="feed"><h2>Feed (${data.entries.length})</h2>
              <ul>${data.entries.map(
                (entry) =>
                  html`<li data-action=${entry.action}><time>${new Date(entry.at).toLocaleTimeString()}</time> <strong>${entry.instance}</strong> ${entry.action} <em>${entry.topic}</em> ${entry.summary ?? ''}</li>`,
              )}</ul>
            </section>
          </div>`
        : html`<p class="loading">Loading…</p>`
    }
  </section>`;
}
