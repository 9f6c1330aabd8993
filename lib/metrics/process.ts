// This process's health as the heartbeat reports it: resident memory, and event-loop lag (the p99
// delay of timers since the last sample, from perf_hooks), plus the prom-client snapshot.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { metrics } from './registry';

let loop: ReturnType<typeof monitorEventLoopDelay> | null = null;

export interface ProcessSample {
  rssBytes: number;
  eventLoopLagMs: number;
  metrics: unknown;
}

export async function sampleProcess(): Promise<ProcessSample> {
  if (!loop) {
    loop = monitorEventLoopDelay({ resolution: 20 });
    loop.enable();
  }
  const lagMs = loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
  loop.reset();
  return {
    rssBytes: process.memoryUsage.rss(),
    eventLoopLagMs: Math.round(lagMs * 10) / 10,
    metrics: await metrics.registry.getMetricsAsJSON(),
  };
}
