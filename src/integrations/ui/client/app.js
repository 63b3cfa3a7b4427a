// baton's page: Board, Plan (graph, tasks, rounds, diff and comments, approval, control),
// Approvals, Pool and claims, Cost. Every request goes to the server that served the page, by a
// relative address (the page's address carries its token). Live: one EventSource for the store's
// events; a view reloads its data when an event concerns it.
import htm from 'htm';
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';

const html = htm.bind(h);

// The graph layout and the charts load when a view needs them, not with the board.
let dagreLoading;
function useDagre() {
  const [dagre, setDagre] = useState(null);
  useEffect(() => {
    dagreLoading ??= import('dagre').then((module) => module.default ?? module);
    dagreLoading.then(setDagre);
  }, []);
  return dagre;
}
let chartLoading;
function loadChart() {
  chartLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'assets/chart.js';
    script.onload = () => resolve(window.Chart);
    script.onerror = reject;
    document.head.append(script);
  });
  return chartLoading;
}
const csrf = document.querySelector('meta[name="baton-csrf"]').content;

/** The first view's data, asked for by first-load.js while the modules loaded: taken once. */
function takeFirstLoad(address) {
  const first = window.batonFirstLoad;
  if (!first || first.address !== address) return undefined;
  window.batonFirstLoad = undefined;
  return first.answer;
}

async function getJson(address) {
  const response = await (takeFirstLoad(address) ??
    fetch(address, { headers: { accept: 'application/json' } }));
  if (!response.ok) {
    // baton's refusal says why (a filter it cannot read, a plan that is not there) and what to do.
    const answer = await response.json().catch(() => null);
    const error = answer?.error;
    throw new Error(
      error
        ? `${error.code}: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`
        : `${address}: ${response.status}`,
    );
  }
  return response.json();
}

async function postJson(address, body) {
  const response = await fetch(address, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-baton-csrf': csrf },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: { message: `${response.status}` } }));
  if (!answer.ok)
    throw new Error(
      `${answer.error.code ?? 'ERROR'}: ${answer.error.message}${answer.error.hint ? ` — ${answer.error.hint}` : ''}`,
    );
  return answer.result;
}

// One EventSource for the page; views subscribe with a test on the events.
const subscribers = new Set();
let liveReady = false;
function connectLive() {
  const source = new EventSource('api/live');
  source.addEventListener('ready', () => {
    liveReady = true;
    document.body.dataset.live = 'ready';
  });
  source.addEventListener('events', (message) => {
    const { events, states } = JSON.parse(message.data);
    for (const subscriber of subscribers) subscriber(events, states);
  });
}

/** Loads `address`, and again whenever a live event passes `concerns` (at most once a frame). */
function useLive(address, concerns) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  // Only the latest request's answer is shown: when filters change quickly, or a live reload
  // overlaps another, an older request can answer last and would put back a view already left.
  const latest = useRef(0);
  const load = useCallback(() => {
    const request = ++latest.current;
    getJson(address)
      .then((value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(null);
      })
      .catch((problem) => {
        if (request === latest.current) setError(problem.message);
      });
  }, [address]);
  useEffect(() => {
    load();
    let pending = false;
    const subscriber = (events) => {
      if (pending || !events.some(concerns)) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        load();
      });
    };
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  }, [address]);
  return { data, error, reload: load };
}

/**
 * A plan's task states as the live stream sends them with the events about its tasks: the graph
 * and the table show a new state from the message itself, before the plan is read again. They
 * apply to the plan data they arrived over (`plan`); newer plan data carries them already.
 */
function useTaskStates(id, plan) {
  const [states, setStates] = useState(null);
  const current = useRef(plan);
  current.current = plan;
  useEffect(() => {
    const subscriber = (_events, byPlan) => {
      const tasks = byPlan?.[id];
      if (tasks)
        setStates({ base: current.current, byTask: new Map(tasks.map((task) => [task.taskId, task])) });
    };
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  }, [id]);
  return states && states.base === plan ? states.byTask : null;
}

const dollars = (value) => `$${(value ?? 0).toFixed(4)}`;
function ago(at) {
  if (!at) return 'no activity';
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86400)}d ago`;
}

const columns = [
  ['review', 'Review'],
  ['active', 'Active'],
  ['completed', 'Completed'],
  ['rejected', 'Rejected'],
];

function Board() {
  const { data, error } = useLive('api/board', () => true);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="loading">Loading…</p>`;
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

const nodeWidth = 150;
const nodeHeight = 44;

function TaskGraph({ plan, tasks }) {
  const dagre = useDagre();
  const states = new Map(tasks.map((task) => [task.taskId, task.state]));
  const layout = useMemo(() => {
    if (!dagre) return null;
    const graph = new dagre.graphlib.Graph();
    graph.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 40, marginx: 8, marginy: 8 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const task of plan.tasks) graph.setNode(task.id, { width: nodeWidth, height: nodeHeight });
    for (const task of plan.tasks)
      for (const dependency of task.dependencies) graph.setEdge(dependency, task.id);
    dagre.layout(graph);
    return graph;
  }, [dagre, plan.tasks.map((task) => `${task.id}<${task.dependencies.join(',')}`).join(';')]);
  if (!layout) return html`<p class="loading">Laying out the graph…</p>`;
  const critical = new Set(plan.criticalPath);
  const criticalEdge = (from, to) => {
    const index = plan.criticalPath.indexOf(from);
    return index >= 0 && plan.criticalPath[index + 1] === to;
  };
  const size = layout.graph();
  return html`<figure class="graph">
    <svg viewBox=${`0 0 ${size.width || 1} ${size.height || 1}`} width=${size.width} role="img" aria-label="task graph">
      ${layout.edges().map((edge) => {
        const points = layout.edge(edge).points;
        return html`<polyline class=${criticalEdge(edge.v, edge.w) ? 'edge critical' : 'edge'} points=${points.map((point) => `${point.x},${point.y}`).join(' ')} />`;
      })}
      ${layout.nodes().map((id) => {
        const node = layout.node(id);
        const state = states.get(id) ?? 'pending';
        return html`<g class=${`node state-${state}${critical.has(id) ? ' critical' : ''}`} data-task=${id} data-state=${state} transform=${`translate(${node.x - nodeWidth / 2},${node.y - nodeHeight / 2})`}>
          <rect width=${nodeWidth} height=${nodeHeight} rx="6" />
          <text x="8" y="18">${id}</text>
          <text x="8" y="35" class="state">${state}</text>
        </g>`;
      })}
    </svg>
    <figcaption>Critical path: ${plan.criticalPath.length > 0 ? plan.criticalPath.join(' → ') : '(none)'}</figcaption>
  </figure>`;
}

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

function Diff({ planId, task, canComment }) {
  const [files, setFiles] = useState(null);
  const [comments, setComments] = useState([]);
  const [editing, setEditing] = useState(null);
  const [message, setMessage] = useState(null);
  const draft = useRef(null);
  useEffect(() => {
    getJson(`api/plans/${encodeURIComponent(planId)}/tasks/${encodeURIComponent(task.taskId)}/diff`)
      .then((answer) => setFiles(answer.files))
      .catch((error) => setMessage(error.message));
  }, [planId, task.taskId, task.state, task.round]);
  if (!files) return html`<p class="loading">Loading the diff…</p>`;
  if (files.length === 0) return html`<p class="muted">No diff recorded.</p>`;
  const addComment = (event) => {
    event.preventDefault();
    const text = draft.current.value.trim();
    if (text) setComments([...comments, { ...editing, text }]);
    setEditing(null);
  };
  // A blocked task takes the comments as its next round's feedback; a merged one cannot, so
  // they become a follow-up task in a revision of the plan, which goes back to review.
  const merged = task.state === 'done';
  const send = () =>
    postJson(`api/plans/${encodeURIComponent(planId)}/${merged ? 'follow-up' : 'comment'}`, {
      taskId: task.taskId,
      comments,
    })
      .then((result) => {
        setComments([]);
        setMessage(
          merged
            ? `Proposed: follow-up task ${result.task} in a revision of ${planId}, back in review for your approval.`
            : 'Sent: the comments are the feedback of the next round (baton run to go on).',
        );
      })
      .catch((error) => setMessage(error.message));
  return html`<div class="diff">
    ${files.map(
      (file) => html`<table class="diff-file" aria-label=${`diff of ${file.path}`}>
        <caption>${file.path}</caption>
        <tbody>
          ${file.lines.map((line) => {
            const number = line.newLine ?? line.oldLine;
            const side = line.newLine === null ? 'old' : 'new';
            const here = comments.filter(
              (comment) => comment.file === file.path && comment.line === number && comment.side === side,
            );
            const open =
              editing && editing.file === file.path && editing.line === number && editing.side === side;
            return html`<tr class=${`line ${line.kind}`}>
                <td class="number">${line.oldLine ?? ''}</td>
                <td class="number">
                  ${
                    canComment && line.kind !== 'hunk'
                      ? html`<button class="comment-button" aria-label=${`comment on ${file.path} line ${number}`} onClick=${() => setEditing({ file: file.path, line: number, side })}>${line.newLine ?? ''}</button>`
                      : (line.newLine ?? '')
                  }
                </td>
                <td class="code"><code dangerouslySetInnerHTML=${{ __html: line.html }}></code>
                  ${here.map((comment) => html`<div class="comment">${comment.text}</div>`)}
                  ${
                    open
                      ? html`<form class="comment-form" onSubmit=${addComment}>
                          <label>Comment on line ${number}<textarea ref=${draft} name="comment" rows="2" autofocus></textarea></label>
                          <button type="submit">Add comment</button> <button type="button" onClick=${() => setEditing(null)}>Cancel</button>
                        </form>`
                      : null
                  }
                </td>
              </tr>`;
          })}
        </tbody>
      </table>`,
    )}
    ${canComment && comments.length > 0 ? html`<button class="primary" onClick=${send}>${merged ? `Propose ${comments.length} comment(s) as a follow-up task` : `Send ${comments.length} comment(s) as the next round's feedback`}</button>` : null}
    ${message ? html`<p role="status">${message}</p>` : null}
  </div>`;
}

function TaskDetail({ plan, task }) {
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

function Approval({ plan, reload }) {
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

function PlanPage({ id }) {
  const {
    data: plan,
    error,
    reload,
  } = useLive(`api/plans/${encodeURIComponent(id)}`, (event) => event.planId === id);
  const liveStates = useTaskStates(id, plan);
  const [open, setOpen] = useState(null);
  const [message, setMessage] = useState(null);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!plan) return html`<p class="loading">Loading…</p>`;
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

function Approvals() {
  const { data, error } = useLive('api/board', (event) => String(event.kind).startsWith('plan-'));
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="loading">Loading…</p>`;
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

function Pool() {
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

function BarChart({ label, rows }) {
  const canvas = useRef(null);
  useEffect(() => {
    let chart;
    let cancelled = false;
    loadChart().then((Chart) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: {
          labels: rows.map((row) => row.key),
          datasets: [
            { label: `${label} ($)`, data: rows.map((row) => row.costUsd), backgroundColor: '#4f7fbf' },
          ],
        },
        options: {
          indexAxis: 'y',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [JSON.stringify(rows)]);
  return html`<figure class="chart"><figcaption>${label}</figcaption><div class="chart-box" style=${`height:${Math.max(120, rows.length * 28 + 40)}px`}><canvas ref=${canvas} role="img" aria-label=${`cost by ${label}`}></canvas></div></figure>`;
}

function Cost() {
  const { data, error } = useLive(
    'api/cost',
    (event) => event.kind === 'usage' || String(event.kind).startsWith('task-'),
  );
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="loading">Loading…</p>`;
  const total = data.byRole.total.costUsd;
  return html`<section aria-label="Cost">
    <h1>Cost</h1>
    <p>Total ${dollars(total)} in ${data.byRole.total.calls} call(s)${data.budgetUsd !== undefined ? html` · budget ${dollars(data.budgetUsd)} per plan` : null}.</p>
    ${
      data.budgetUsd !== undefined
        ? html`<ul>${data.byPlan.rows.map((row) => html`<li>${row.key}: ${dollars(row.costUsd)} spent, ${dollars(Math.max(0, data.budgetUsd - row.costUsd))} left</li>`)}</ul>`
        : null
    }
    <div class="charts">
      <${BarChart} label="plan" rows=${data.byPlan.rows} />
      <${BarChart} label="role" rows=${data.byRole.rows} />
      <${BarChart} label="model" rows=${data.byModel.rows} />
      <${BarChart} label="task" rows=${data.byTask.rows} />
    </div>
  </section>`;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [view, ...rest] = hash.split('/');
  return { view: view || 'board', argument: rest.map(decodeURIComponent).join('/') };
}

const navigation = [
  ['board', 'Board'],
  ['approvals', 'Approvals'],
  ['pool', 'Pool and claims'],
  ['cost', 'Cost'],
];

function App() {
  const [current, setCurrent] = useState(route());
  useEffect(() => {
    const changed = () => setCurrent(route());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  const views = { board: Board, approvals: Approvals, pool: Pool, cost: Cost };
  const View = current.view === 'plan' ? null : (views[current.view] ?? Board);
  return html`<header class="top">
      <a class="brand" href="#/">baton</a>
      <nav aria-label="Views">${navigation.map(([view, title]) => html`<a href=${`#/${view}`} aria-current=${current.view === view ? 'page' : undefined}>${title}</a>`)}</nav>
    </header>
    <main>${current.view === 'plan' ? html`<${PlanPage} key=${current.argument} id=${current.argument} />` : html`<${View} />`}</main>`;
}

connectLive();
const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
window.batonLiveReady = () => liveReady;
