// Small statistics and formatting helpers for the bench's tables.

/** Nearest-rank percentile of unsorted samples (null when there are none). */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function summary(samples: number[]) {
  const r = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    n: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    p99: r(percentile(samples, 99)),
    max: r(samples.length ? Math.max(...samples) : null),
  };
}

/**
 * The median of whole-number samples (differences of millisecond timestamps) interpolated within
 * the median's one-unit bin (the grouped median): it shows shifts smaller than one unit, which
 * the plain median of such samples cannot.
 */
export function groupedMedian(samples: number[]): number | null {
  if (samples.length === 0) return null;
  const xs = samples.map(Math.round);
  const m = percentile(xs, 50) as number;
  const below = xs.filter((x) => x < m).length;
  const at = xs.filter((x) => x === m).length;
  return m - 0.5 + (xs.length / 2 - below) / at;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A plain-text table: a header row, then rows, columns padded to fit. */
export function table(rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '–' : String(c))));
  const widths: number[] = [];
  for (const r of cells) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = cells;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Runs `worker(i)` from `clients` concurrent loops until `total` calls are made or `deadline` passes. */
export async function runConcurrent(
  clients: number,
  total: number,
  deadline: number,
  worker: (i: number, client: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < deadline) {
        const i = next++;
        if (i >= total) return;
        await worker(i, client);
      }
    }),
  );
  return Math.min(next, total);
}
