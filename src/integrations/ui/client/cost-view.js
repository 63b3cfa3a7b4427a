// The Cost view: the total, each plan's budget left, and charts of cost by plan, role, model
// and task. Reloads on usage and task events.
import { BarChart } from './bar-chart.js';
import { useLive } from './live-updates.js';
import { dollars, html, notYetLoaded } from './view-helpers.js';

export function Cost() {
  const { data, error } = useLive(
    'api/cost',
    (event) => event.kind === 'usage' || String(event.kind).startsWith('task-'),
  );
  const notYet = notYetLoaded(data, error);
  if (notYet) return notYet;
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
