// How benchmarks print a figure: the median of several runs beside its target.

export interface Figure {
  name: string;
  medianMilliseconds: number;
  targetMilliseconds: number;
  runs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function printFigure(figure: Figure): void {
  const verdict = figure.medianMilliseconds <= figure.targetMilliseconds ? 'ok' : 'OVER TARGET';
  console.log(
    `${figure.name}: median ${figure.medianMilliseconds.toFixed(1)} ms (target ≤ ${figure.targetMilliseconds} ms) over ${figure.runs} runs — ${verdict}`,
  );
}
