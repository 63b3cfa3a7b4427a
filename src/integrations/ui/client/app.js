// baton's page: Board, Plan (graph, tasks, rounds, diff and comments, approval, control),
// Approvals, Pool and claims, Cost, one module a view (page-assets.ts serves this folder's
// modules and preloads those this one imports; first-load.js those of the first view). Every request goes to the server that served the
// page, by a relative address (the page's address carries its token). Live: one EventSource for
// the store's events; a view reloads its data when an event concerns it (live-updates.js).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Board } from './board-view.js';
import { connectLive, liveIsReady } from './live-updates.js';
import { html } from './view-helpers.js';

// The board comes with the page; any other view's module (<view>-view.js) loads when the view is
// first shown. When it is the first view, first-load.js has asked for its modules already.
const otherViews = {
  approvals: () => import('./approvals-view.js').then((module) => module.Approvals),
  pool: () => import('./pool-view.js').then((module) => module.Pool),
  cost: () => import('./cost-view.js').then((module) => module.Cost),
  plan: () => import('./plan-view.js').then((module) => module.PlanPage),
};
const loadedViews = new Map([['board', Board]]);

/** The view's component once its module has loaded (at once for the board and any view seen). */
function useView(name) {
  const [problem, setProblem] = useState(null);
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (loadedViews.has(name)) return;
    otherViews[name]()
      .then((component) => {
        loadedViews.set(name, component);
        setLoaded((count) => count + 1);
      })
      .catch((error) => setProblem(error.message));
  }, [name]);
  return { View: loadedViews.get(name), problem };
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
  const name = Object.hasOwn(otherViews, current.view) ? current.view : 'board';
  const { View, problem } = useView(name);
  const shown = problem
    ? html`<p class="error" role="alert">${problem}</p>`
    : !View
      ? html`<p class="loading">Loading…</p>`
      : name === 'plan'
        ? html`<${View} key=${current.argument} id=${current.argument} />`
        : html`<${View} />`;
  return html`<header class="top">
      <a class="brand" href="#/">baton</a>
      <nav aria-label="Views">${navigation.map(([view, title]) => html`<a href=${`#/${view}`} aria-current=${current.view === view ? 'page' : undefined}>${title}</a>`)}</nav>
    </header>
    <main>${shown}</main>`;
}

connectLive();
const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
window.batonLiveReady = liveIsReady;
