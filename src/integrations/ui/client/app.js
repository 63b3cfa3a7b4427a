// baton's page: Board, Plan (graph, tasks, rounds, diff and comments, approval, control),
// Approvals, Pool and claims, Cost, one module a view (page-assets.ts serves this folder's
// modules and preloads those this one imports). Every request goes to the server that served the
// page, by a relative address (the page's address carries its token). Live: one EventSource for
// the store's events; a view reloads its data when an event concerns it (live-updates.js).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Approvals } from './approvals-view.js';
import { Board } from './board-view.js';
import { Cost } from './cost-view.js';
import { connectLive, liveIsReady } from './live-updates.js';
import { PlanPage } from './plan-view.js';
import { Pool } from './pool-view.js';
import { html } from './view-helpers.js';

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
window.batonLiveReady = liveIsReady;
