// The Board: every plan as a card in its state's column (with progress, cost and last activity),
// and the next actions baton suggests. Reloads on any store event.
import { useLive } from './live-updates.js';
import { ago, dollars, html, notYetLoaded } from './view-helpers.js';

const columns = [
  ['review', 'Review'],
  ['active', 'Active'],
  ['completed', 'Completed'],
  ['rejected', 'Rejected'],
];

export function Board() {
  const { data, error } = useLive('api/board', () => true);
  const notYet = notYetLoaded(data, error);
  if (notYet) return notYet;
  return html`<section aria-label="Board">
    <h1>Board</h1>
    <div class="board">
      ${columns.map(
        ([state, title]) => html`<section class="column" data-state=${state} aria-label=${title}>
          <h2>${title} <span class="count">${data.plans.filter((plan) => plan.state === state).length}</span></h2>
          ${data.plans
            .filter((plan) => plan.state === state)
            .map(
              (
                plan,
              ) => html`<a class="card" href=${`#/plan/${encodeURIComponent(plan.id)}`} data-plan=${plan.id}>
                <strong>${plan.id}</strong>
                <span class="title">${plan.title}</span>
                <progress max=${plan.tasks || 1} value=${plan.done} aria-label="tasks done"></progress>
                <span class="meta">${plan.done}/${plan.tasks} done · ${dollars(plan.costUsd)} · ${ago(plan.lastActivity)}</span>
                ${plan.approved && !plan.approved.current ? html`<span class="warning">changed since approval</span>` : null}
              </a>`,
            )}
        </section>`,
      )}
    </div>
    ${
      data.nextActions.length > 0
        ? html`<h2>Next actions</h2>
            <ul class="actions">${data.nextActions.map((action) => html`<li>${action.text}: <code>${action.command}</code></li>`)}</ul>`
        : null
    }
  </section>`;
}
