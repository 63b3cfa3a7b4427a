// A plan's approval panel: who approved which text (its SHA-256) and whether it changed since,
// what changed against the last approved text, and the person's approve, revise and reject.
import { useState } from 'preact/hooks';
import { postJson } from './server-api.js';
import { html } from './view-helpers.js';

export function Approval({ plan, reload }) {
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState(null);
  const act = (action, body) =>
    postJson(`api/plans/${encodeURIComponent(plan.id)}/${action}`, body)
      .then(() => {
        setMessage(`${action}: done`);
        reload();
      })
      .catch((error) => setMessage(error.message));
  const approvable =
    plan.state === 'review' || (plan.state === 'active' && plan.approval && !plan.approval.current);
  return html`<section class="approval" aria-label="Approval">
    <h2>Approval</h2>
    ${
      plan.approval
        ? html`<p>Approved by ${plan.approval.by} · sha256 <code class="hash" data-approved-hash>${plan.approval.sha256}</code> · ${plan.approval.current ? 'text unchanged since' : 'CHANGED SINCE APPROVAL'}</p>`
        : html`<p>Not approved.</p>`
    }
    ${plan.rejection ? html`<p class="fail">Rejected by ${plan.rejection.by}: ${plan.rejection.reason}</p>` : null}
    ${
      approvable
        ? html`<p>You approve exactly this text: sha256 <code class="hash" data-current-hash>${plan.sha256}</code></p>
            ${
              plan.approvedText
                ? plan.approvedText.diff
                  ? html`<details open><summary>Changes since the approval by ${plan.approvedText.by}</summary><pre class="text-diff">${plan.approvedText.diff}</pre></details>`
                  : html`<p class="muted">No change against the last approved text.</p>`
                : html`<p class="muted">Never approved before: the whole text is new.</p>`
            }
            ${plan.lintErrors.length > 0 ? html`<ul class="fail">${plan.lintErrors.map((error) => html`<li>${error}</li>`)}</ul>` : null}
            <button class="primary" onClick=${() => act('approve', { sha256: plan.sha256 })}>Approve ${plan.id}</button>`
        : null
    }
    ${
      plan.state === 'review' || plan.state === 'active'
        ? html`<form class="reason" onSubmit=${(event) => event.preventDefault()}>
            <label>Reason<input value=${reason} onInput=${(event) => setReason(event.target.value)} /></label>
            ${plan.state === 'active' ? html`<button type="button" onClick=${() => act('revise', { reason })}>Revise</button>` : null}
            <button type="button" onClick=${() => act('reject', { reason })}>Reject</button>
          </form>`
        : null
    }
    ${message ? html`<p role="status">${message}</p>` : null}
  </section>`;
}
