// A plan's task graph: tasks laid out by their dependencies (dagre, loaded on the first graph,
// not with the board), each node in its live state, the critical path drawn apart.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from './view-helpers.js';

// The graph layout loads when a view needs it, not with the board.
let dagreLoading;
function useDagre() {
  const [dagre, setDagre] = useState(null);
  useEffect(() => {
    dagreLoading ??= import('dagre').then((module) => module.default ?? module);
    dagreLoading.then(setDagre);
  }, []);
  return dagre;
}

const nodeWidth = 150;
const nodeHeight = 44;

export function TaskGraph({ plan, tasks }) {
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
