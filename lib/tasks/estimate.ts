// estimated_time in seconds from a length and a speed (lib/tasks/learned-speed.ts). Pure: the
// submit form runs it in the browser too, with the speeds the page was rendered with.
export function estimateSeconds(chars: number, rate: number): number {
  return Math.max(1, Math.ceil(chars / rate) + 1);
}
