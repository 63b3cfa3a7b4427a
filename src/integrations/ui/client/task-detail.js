// A task's detail row on its plan's page: why it is blocked, its rounds (verify commands,
// review scores by criterion, feedback), a retry with a note, and its diff with comments.
import { useState } from 'preact/hooks';
import { Diff } from './diff-panel.js';
import { postJson } from './server-api.js';
import { html } from './view-helpers.js';

function Rounds({ rounds }) {
  if (!rounds || rounds.length === 0) return html`<p class="muted">No rounds yet.</p>`;
  return html`<ol class="rounds">
    ${rounds.map(
      (round) => html`<li>
        <strong>Round ${round.round}</strong>
        ${round.verify ? html`<div>Verify: ${round.verify.commands.map((command) => html`<span class=${command.passed ? 'pass' : 'fail'}><code>${command.command}</code> ${command.passed ? 'passed' : `failed (${command.exitCode})`}</span> `)}</div>` : null}
        ${
          round.review
            ? html`<div>Review: ${round.review.verdict} with ${round.review.score}
                <table class="criteria"><thead><tr><th>Criterion</th><th>Mean</th><th>Min</th><th>Max</th><th>Spread (sd)</th><th>Weight</th></tr></thead>
                <tbody>${round.review.criteria.map((criterion) => html`<tr><td>${criterion.criterion}</td><td>${Number(criterion.mean).toFixed(1)}</td><td>${criterion.min}</td><td>${criterion.max}</td><td>${Number(criterion.standardDeviation).toFixed(1)}</td><td>${criterion.weight}</td></tr>`)}</tbody></table></div>`
            : null
        }
        ${round.failed ? html`<div class="fail">Failed: ${round.failed}</div>` : null}
        ${round.denied ? html`<div class="fail">Refused: ${round.denied.join('; ')}</div>` : null}
        ${round.feedback ? html`<details><summary>Feedback given</summary><pre>${round.feedback}</pre></details>` : null}
      </li>`,
    )}
  </ol>`;
}

export function TaskDetail({ plan, task }) {
  const [note, setNote] = useState('');
  const [message, setMessage] = useState(null);
  const retry = (event) => {
    event.preventDefault();
    postJson(`api/plans/${encodeURIComponent(plan.id)}/retry`, { taskId: task.taskId, note })
      .then((result) =>
        setMessage(`Sent back to pending: ${result.tasks.join(', ')}. Next: baton run ${plan.id}`),
      )
      .catch((error) => setMessage(error.message));
  };
  return html`<div class="task-detail">
    ${task.reason && task.state === 'blocked' ? html`<p class="fail">Blocked: ${task.reason}</p>` : null}
    <${Rounds} rounds=${plan.rounds[task.taskId]} />
    ${
      task.state === 'blocked'
        ? html`<form class="retry" onSubmit=${retry}>
            <label>Note for the next round (optional)<textarea rows="2" value=${note} onInput=${(event) => setNote(event.target.value)}></textarea></label>
            <button type="submit">Retry ${task.taskId}</button>
          </form>`
        : null
    }
    ${message ? html`<p role="status">${message}</p>` : null}
    <h4>Diff</h4>
    <${Diff} planId=${plan.id} task=${task} canComment=${task.state === 'blocked' || (task.state === 'done' && plan.state === 'active')} />
  </div>`;
}
