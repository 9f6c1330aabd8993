/** Seconds a novel of `chars` characters should take at `rate` characters per second: the formula
 * of lib/tasks/estimate.ts estimateSeconds, without its database import, so the browser can run it. */
export function estimateSeconds(chars: number, rate: number): number {
  return Math.max(1, Math.ceil(chars / rate) + 1);
}
