// A plan's page: its state and run (with a stop), its approval, its tasks as a graph and a table
// in their live states (a task's detail opens under its row), and the plan's text.
import { useState } from 'preact/hooks';
import { Approval } from './approval-panel.js';
import { useLive, useTaskStates } from './live-updates.js';
import { postJson } from './server-api.js';
import { TaskDetail } from './task-detail.js';
import { TaskGraph } from './task-graph.js';
import { dollars, html, notYetLoaded } from './view-helpers.js';

export function PlanPage({ id }) {
  const {
    data: plan,
    error,
    reload,
  } = useLive(`api/plans/${encodeURIComponent(id)}`, (event) => event.planId === id);
  const liveStates = useTaskStates(id, plan);
  const [open, setOpen] = useState(null);
  const [message, setMessage] = useState(null);
  const notYet = notYetLoaded(plan, error);
  if (notYet) return notYet;
  const status = plan.status;
  const tasks = (
    status?.tasks ??
    plan.tasks.map((task) => ({
      taskId: task.id,
      title: task.title,
      state: 'pending',
      round: 0,
      score: null,
      costUsd: null,
      by: null,
    }))
  ).map((task) => {
    const live = liveStates?.get(task.taskId);
    return live ? { ...task, state: live.state, round: live.round, score: live.score } : task;
  });
  // A hand-off step through the MCP server holds the lease for a moment: no run to stop.
  const live = status?.runner?.live && !status.runner.handoff;
  const stop = () =>
    postJson(`api/plans/${encodeURIComponent(plan.id)}/stop`)
      .then((result) => setMessage(`Asked ${result.runnerId} to stop; tasks in flight are stopped cleanly.`))
      .catch((problem) => setMessage(problem.message));
  return html`<article class="plan" data-plan=${plan.id}>
    <h1>${plan.id}: ${plan.title}</h1>
    <p class="meta">State: <strong data-plan-state>${plan.state}</strong>
      ${status ? html` · ${status.runner ? (status.runner.handoff ? 'last step a hand-off through the MCP server' : live ? `running (${status.runner.runnerId})` : `last run ${status.runner.state}`) : 'never run'} · cost ${dollars(status.costUsd)}` : null}
      ${live ? html` <button onClick=${stop}>Stop the run</button>` : null}</p>
    ${message ? html`<p role="status">${message}</p>` : null}
    <${Approval} plan=${plan} reload=${reload} />
    <h2>Tasks</h2>
    <${TaskGraph} plan=${plan} tasks=${tasks} />
    <table class="tasks">
      <thead><tr><th>Task</th><th>Title</th><th>State</th><th>Round</th><th>Score</th><th>Cost</th><th>By</th></tr></thead>
      <tbody>
        ${tasks.map(
          (task) => html`<tr data-task=${task.taskId} data-state=${task.state}>
              <td><button class="link-button" aria-expanded=${open === task.taskId} onClick=${() => setOpen(open === task.taskId ? null : task.taskId)}>${task.taskId}</button></td>
              <td>${task.title}</td>
              <td class=${`state state-${task.state}`}>${task.state}</td>
              <td>${task.round || ''}</td>
              <td>${task.score ?? ''}</td>
              <td>${task.costUsd === null ? '' : dollars(task.costUsd)}</td>
              <td>${task.by ?? ''}</td>
            </tr>
            ${open === task.taskId ? html`<tr class="detail-row"><td colspan="7"><${TaskDetail} plan=${plan} task=${task} /></td></tr>` : null}`,
        )}
      </tbody>
    </table>
    <h2>Plan</h2>
    <div class="plan-text" dangerouslySetInnerHTML=${{ __html: plan.html }}></div>
  </article>`;
}
