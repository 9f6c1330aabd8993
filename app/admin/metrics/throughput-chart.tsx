'use client';
// Throughput per hour, drawn by uPlot (a small, maintained canvas charting library; bundled, so it
// needs no network). Colours come from the page's palette, so dark mode follows the system; axis
// labels are written with Intl in the page's language and the reader's time zone.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Locale } from '@/lib/i18n/dictionaries';
import { localeTag } from '@/lib/i18n/dictionaries';
import { timeAxisLabels } from '@/lib/i18n/format';
import type { HourPoint } from '@/lib/tasks/stats';

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function ThroughputChart(props: {
  points: HourPoint[];
  labels: Record<string, string>;
  title: string;
  locale: Locale;
  timeZone: string;
}) {
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
    // The page's font (Noto Sans SC, a web font split by unicode range) rather than uPlot's
    // system-ui, which has no CJK glyphs on many systems.
    const font = `12px ${getComputedStyle(el).fontFamily}`;
    const axis = {
      font,
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
        axes: [
          {
            ...axis,
            size: 48,
            values: (_u, ticks, _i, _space, incr) => timeAxisLabels(props.locale, props.timeZone, ticks, incr),
          },
          {
            ...axis,
            size: 40,
            values: (_u, ticks) => ticks.map((n) => n.toLocaleString(localeTag(props.locale))),
          },
        ],
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
    plot.root.style.fontFamily = 'inherit'; // the legend, too
    // Canvas text does not wait for a web font: load the glyphs of the labels, then draw again.
    let live = true;
    const sample =
      timeAxisLabels(props.locale, props.timeZone, xs, 3600).join('') + (0).toLocaleString(localeTag(props.locale));
    document.fonts
      .load(font, sample)
      .then(() => live && plot.redraw(false, true))
      .catch((err) => console.warn('throughput chart: labels stay in a fallback font', err));
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 220 }));
    resize.observe(el);
    return () => {
      live = false;
      resize.disconnect();
      plot.destroy();
    };
  }, [props.points, props.labels, props.locale, props.timeZone]);
  return (
    <div ref={box} role="img" aria-label={props.title} className="text-ink w-full" data-testid="throughput-chart" />
  );
}
