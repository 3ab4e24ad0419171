import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the overview draws: bar and line charts on category × linear axes.
ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** A chart.js chart on a canvas, redrawn when its configuration changes; no animation (it prints and screenshots as shown). */
export function Chart(props: { config: ChartConfiguration; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new ChartJs(canvas.current, {
      ...props.config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...props.config.options },
    });
    return () => chart.destroy();
  }, [props.config]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}
