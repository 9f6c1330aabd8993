// estimated_time in seconds from a length and a speed (lib/tasks/learned-speed.ts). Pure: the
// submit form runs it in the browser too, with the speeds the page was rendered with.
export function estimateSeconds(chars: number, rate: number): number {
  return Math.max(1, Math.ceil(chars / rate) + 1);
}

/** ISO 8601 duration pattern of the wire's estimated_time (hours, minutes, seconds; no days). */
export const ISO_DURATION_PATTERN = /^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$/;

/** Whole seconds → an ISO 8601 duration, as the seed's TaskInfo.estimated_time: 150 → "PT2M30S", 0 → "PT0S". */
export function isoDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `PT${parts || '0S'}`;
}
