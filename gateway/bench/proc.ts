import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * What the benchmark reads from Linux /proc: CPU time (utime + stime, in clock ticks) and
 * resident memory (VmRSS, VmHWM) of a server process and of every process it started
 * (cluster workers), so a gateway that uses both cores is measured whole.
 */

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Clock ticks in user mode. */
  utime: number;
  /** Clock ticks in kernel mode. */
  stime: number;
  /** Ticks of children that exited and were waited for. */
  cutime: number;
  cstime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name sits in parentheses and may itself contain spaces
 * and parentheses, so fields are counted from the LAST ')'. Returns undefined for text that is
 * not a stat line (a process that vanished mid-read gives an empty string).
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const num = (field: number) => Number(rest[field - 3]);
  const stat: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '',
    ppid: num(4),
    utime: num(14),
    stime: num(15),
    cutime: num(16),
    cstime: num(17),
  };
  const numbers = [stat.pid, stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime];
  return numbers.every((n) => Number.isInteger(n) && n >= 0) ? stat : undefined;
}

export interface ProcMemory {
  /** Resident set size now, in kB. */
  vmRssKb?: number;
  /** Peak resident set size since the process started ("high water mark"), in kB. */
  vmHwmKb?: number;
}

/** Parses the VmRSS and VmHWM lines of /proc/<pid>/status. */
export function parseProcStatus(text: string): ProcMemory {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s*(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  return { vmRssKb: kb('VmRSS'), vmHwmKb: kb('VmHWM') };
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

export function readStat(pid: number): ProcStat | undefined {
  return parseProcStat(readProc(pid, 'stat'));
}

export function readMemory(pid: number): ProcMemory {
  return parseProcStatus(readProc(pid, 'status'));
}

/** Given (pid, ppid) pairs, the root and all its descendants, root first. */
export function descendantsOf(root: number, pairs: ReadonlyArray<{ pid: number; ppid: number }>): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of pairs) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

/** The pid and every living descendant (one scan of /proc). */
export function processTree(root: number): number[] {
  const pairs: Array<{ pid: number; ppid: number }> = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st) pairs.push({ pid: st.pid, ppid: st.ppid });
  }
  return descendantsOf(root, pairs);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * CPU ticks used so far by the process tree under root: each living process's own utime + stime,
 * plus the root's cutime + cstime (workers that already exited).
 */
export function treeCpuTicks(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const st = readStat(pid);
    if (!st) continue;
    ticks += st.utime + st.stime;
    if (pid === root) ticks += st.cutime + st.cstime;
  }
  return ticks;
}

let clkTck: number | undefined;
/** Clock ticks per second (getconf CLK_TCK; 100 on every Linux we run on). */
export function clockTicksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      clkTck = Number.isInteger(n) && n > 0 ? n : 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU-seconds used by the trees under the given roots between start() and the returned stop(). */
export function cpuMeter(roots: readonly number[]): () => number {
  const before = roots.map((pid) => treeCpuTicks(pid));
  return () => {
    const after = roots.map((pid) => treeCpuTicks(pid));
    const ticks = after.reduce((sum, t, i) => sum + (t - before[i]!), 0);
    return ticks / clockTicksPerSecond();
  };
}

export interface RssPeak {
  /** Highest sum of VmRSS over the process tree seen while sampling, in MiB. */
  peakRssMiB: number;
  /** Highest VmHWM of any single process of the tree, in MiB (catches peaks between samples). */
  peakHwmMiB: number;
  samples: number;
}

/**
 * Samples the RSS of the tree under root every intervalMs until stop() is called.
 * VmHWM is read at the end as well: it is the kernel's own peak, so a spike shorter than the
 * interval still shows (for one process; the tree sum is only as good as the sampling).
 */
export function rssSampler(root: number, intervalMs = 50): { stop(): RssPeak } {
  let peakKb = 0;
  let hwmKb = 0;
  let samples = 0;
  let tree = processTree(root);
  let sinceTreeScan = 0;
  const sample = () => {
    // Rescanning /proc every time costs more than the sample itself; workers rarely change.
    if (++sinceTreeScan >= 20) {
      tree = processTree(root);
      sinceTreeScan = 0;
    }
    let sum = 0;
    for (const pid of tree) {
      const mem = readMemory(pid);
      sum += mem.vmRssKb ?? 0;
      hwmKb = Math.max(hwmKb, mem.vmHwmKb ?? 0);
    }
    peakKb = Math.max(peakKb, sum);
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMiB: peakKb / 1024, peakHwmMiB: hwmKb / 1024, samples };
    },
  };
}

/** The pid of a running process whose command line contains `needle` (first match), if any. */
export function findPidByCmdline(needle: string): number | undefined {
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmd = readProc(Number(name), 'cmdline').replace(/\0/g, ' ');
    if (cmd.includes(needle)) return Number(name);
  }
  return undefined;
}
