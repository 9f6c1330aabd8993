'use client';
// Throughput per hour, drawn by uPlot (a small, maintained canvas charting library; bundled, so it
// needs no network). Colours come from the page's palette, so dark mode follows the system.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HourPoint } from '@/lib/tasks/stats';

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function ThroughputChart(props: { points: HourPoint[]; labels: Record<string, string>; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = props.points.map((p) => Date.parse(p.hour) / 1000);
    const data: uPlot.AlignedData = [
      xs,
      props.points.map((p) => p.submitted),
      props.points.map((p) => p.completed),
      props.points.map((p) => p.failed),
    ];
    const axis = {
      stroke: cssVar('--sp-faint'),
      grid: { stroke: cssVar('--sp-line'), width: 1 },
      ticks: { show: false },
    };
    const series = (key: string, color: string): uPlot.Series => ({
      label: props.labels[key] ?? key,
      stroke: color,
      width: 2,
      points: { show: false },
    });
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 220,
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 40 }],
        series: [
          {},
          series('submitted', cssVar('--sp-faint')),
          series('completed', cssVar('--sp-accent')),
          series('failed', cssVar('--sp-danger')),
        ],
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.points, props.labels]);
  return (
    <div ref={box} role="img" aria-label={props.title} className="text-ink w-full" data-testid="throughput-chart" />
  );
}
