// CPU time of process trees from /proc (Linux only; elsewhere every figure is null). A tree's
// time is utime+stime of its live processes plus cutime+cstime (children already reaped), so
// short-lived Postgres backends and next's child server are counted too.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that ends comm: state ppid ... utime(14) stime(15) cutime(16) cstime(17)
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i - 3] ?? 0);
    return { ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return null;
  }
}

function allStats(): Map<number, Stat> {
  const m = new Map<number, Stat>();
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return m;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st) m.set(Number(name), st);
  }
  return m;
}

/** CPU seconds used so far by each named process tree. */
export function cpuSeconds(roots: Record<string, number | null>): Record<string, number | null> {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const [pid, st] of stats) {
    const list = children.get(st.ppid) ?? [];
    list.push(pid);
    children.set(st.ppid, list);
  }
  const out: Record<string, number | null> = {};
  for (const [name, rootPid] of Object.entries(roots)) {
    if (rootPid === null || !stats.has(rootPid)) {
      out[name] = null;
      continue;
    }
    let ticks = 0;
    const stack = [rootPid];
    while (stack.length) {
      const pid = stack.pop() as number;
      ticks += stats.get(pid)?.ticks ?? 0;
      stack.push(...(children.get(pid) ?? []));
    }
    out[name] = ticks / TICKS_PER_SECOND;
  }
  return out;
}

/** Machine-wide busy CPU seconds (all cores) from /proc/stat, or null. */
export function machineBusySeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return (total - idle) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Starts a CPU meter; `stop()` gives seconds used by each tree (and the machine) since then. */
export function cpuMeter(roots: Record<string, number | null>) {
  const before = cpuSeconds(roots);
  const busyBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  return {
    stop(): Record<string, number | null> {
      const after = cpuSeconds(roots);
      const busyAfter = machineBusySeconds();
      const out: Record<string, number | null> = {};
      for (const k of Object.keys(roots)) {
        const a = after[k];
        const b = before[k];
        out[k] = a == null || b == null ? null : round(a - b, 2);
      }
      const self = process.cpuUsage(selfBefore);
      out.bench = round((self.user + self.system) / 1e6, 2);
      out.machine = busyAfter == null || busyBefore == null ? null : round(busyAfter - busyBefore, 2);
      return out;
    },
  };
}

export function round(x: number, digits = 1): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
