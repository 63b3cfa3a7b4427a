// A horizontal bar chart of costs (Chart.js, a classic script loaded on the first chart, not
// with the board).
import { useEffect, useRef } from 'preact/hooks';
import { html } from './view-helpers.js';

// The charts load when a view needs them, not with the board.
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

export function BarChart({ label, rows }) {
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
