// The Approvals view: the plans waiting for a person, in review or changed since their approval.
import { useLive } from './live-updates.js';
import { html, notYetLoaded } from './view-helpers.js';

export function Approvals() {
  const { data, error } = useLive('api/board', (event) => String(event.kind).startsWith('plan-'));
  const notYet = notYetLoaded(data, error);
  if (notYet) return notYet;
  const waiting = data.plans.filter(
    (plan) => plan.state === 'review' || (plan.approved && !plan.approved.current),
  );
  return html`<section aria-label="Approvals">
    <h1>Approvals</h1>
    ${waiting.length === 0 ? html`<p>No plan waits for approval.</p>` : null}
    <ul class="approvals">
      ${waiting.map((plan) => html`<li><a href=${`#/plan/${encodeURIComponent(plan.id)}`}>${plan.id}</a>: ${plan.title} (${plan.tasks} tasks)${plan.state === 'active' ? ' — changed since approval' : ''}</li>`)}
    </ul>
  </section>`;
}
