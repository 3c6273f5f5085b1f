import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads V8 CPU profiles (node --cpu-prof) of the gateway under load and says where the time
 * went: the functions with the most self time, and the same grouped by package or gateway folder.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FrameTime {
  name: string;
  /** Where: package or gateway file, with line. */
  location: string;
  selfMs: number;
  /** Share of the busy (non-idle) time, 0–100. */
  pct: number;
}

export interface ProfileSummary {
  profiles: number;
  /** Sampled time except "(idle)", in ms. */
  busyMs: number;
  idleMs: number;
  frames: FrameTime[];
  groups: Array<{ name: string; selfMs: number; pct: number }>;
  /**
   * Time by gateway stage: each sample goes to the innermost gateway folder on its stack
   * (lachan:parse, lachan:scan, …), with everything it called (libraries, Node, native code).
   * Samples with no gateway frame go to the innermost package on the stack (socket callbacks of
   * smtp-server or nodemailer, for instance) or to the V8 pseudo-frame (GC).
   */
  stages: Array<{ name: string; ms: number; pct: number }>;
}

/**
 * Who owns a script URL: "pkg" for node_modules/pkg (or @scope/pkg), "node:internal" for Node's
 * own code, "lachan:<folder>" for gateway/dist/<folder>/..., the V8 pseudo-frames by name.
 */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const gw = /gateway\/(?:dist|src)\/([^/]+)(\/)?/.exec(url);
  if (gw) return `lachan:${gw[2] ? gw[1] : 'root'}`;
  return path.basename(url);
}

function shortLocation(url: string, line: number): string {
  if (!url) return '';
  const nm = /node_modules\/(.*)$/.exec(url);
  const gw = /gateway\/((?:dist|src)\/.*)$/.exec(url);
  const file = nm ? nm[1]! : gw ? gw[1]! : url.replace(/^file:\/\//, '');
  return `${file}:${line + 1}`;
}

/** Self time per node: samples × their time deltas when present, hitCount × mean interval otherwise. */
function selfTimes(p: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  if (p.samples?.length && p.timeDeltas?.length === p.samples.length) {
    // timeDeltas[i] is the time before sample i; the time of sample i is the delta that follows it.
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i + 1] ?? 0;
      self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + Math.max(0, dt));
    }
  } else {
    const hits = p.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
    const per = hits ? (p.endTime - p.startTime) / hits : 0;
    for (const n of p.nodes) self.set(n.id, (n.hitCount ?? 0) * per);
  }
  return self; // microseconds
}

/** Owners that only say "the runtime did it": their time is shown with the code that called them. */
function isRuntime(owner: string): boolean {
  return owner === 'node:internal' || owner === '(native)';
}

/**
 * Owner of each node for the grouped table: a package or gateway folder as is; Node internals and
 * native code together with the nearest caller that is neither ("node:internal ← lachan:smtp"), so
 * a write or a hash lands on the code that asked for it.
 */
function ownersWithCaller(p: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<number, string>();
  for (const n of p.nodes) own.set(n.id, ownerOf(n.callFrame.url, n.callFrame.functionName));
  const out = new Map<number, string>();
  for (const n of p.nodes) {
    const o = own.get(n.id)!;
    if (!isRuntime(o)) {
      out.set(n.id, o);
      continue;
    }
    let up = parent.get(n.id);
    while (up !== undefined && isRuntime(own.get(up)!)) up = parent.get(up);
    const caller = up === undefined ? undefined : own.get(up);
    out.set(n.id, caller && !caller.startsWith('(') ? `${o} ← ${caller}` : o);
  }
  return out;
}

/**
 * For each node, its stage: the innermost gateway folder on its stack (itself included); with no
 * gateway frame, the innermost package ("smtp-server, no gateway frame") or the V8 pseudo-frame.
 */
function stagesOf(p: CpuProfile): Map<number, string> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const isChild = new Set(p.nodes.flatMap((n) => n.children ?? []));
  const out = new Map<number, string>();
  // Walk from the roots down, carrying the innermost gateway folder and package seen so far.
  const stack: Array<{ id: number; stage?: string; pkg?: string }> = p.nodes.filter((n) => !isChild.has(n.id)).map((n) => ({ id: n.id }));
  while (stack.length) {
    const { id, stage, pkg } = stack.pop()!;
    const n = byId.get(id);
    if (!n || out.has(id)) continue;
    const owner = ownerOf(n.callFrame.url, n.callFrame.functionName);
    const myStage = owner.startsWith('lachan:') ? owner : stage;
    const myPkg = !owner.startsWith('lachan:') && !owner.startsWith('(') && !isRuntime(owner) ? owner : pkg;
    out.set(id, myStage ?? (myPkg ? `${myPkg}, no gateway frame` : owner.startsWith('(') ? owner : 'Node, no gateway frame'));
    for (const c of n.children ?? []) stack.push({ id: c, stage: myStage, pkg: myPkg });
  }
  return out;
}

export function summariseProfiles(profiles: CpuProfile[], top = 15): ProfileSummary {
  const frames = new Map<string, { name: string; location: string; us: number }>();
  const groups = new Map<string, number>();
  const stageUs = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const p of profiles) {
    const self = selfTimes(p);
    const owners = ownersWithCaller(p);
    const stages = stagesOf(p);
    for (const n of p.nodes) {
      const us = self.get(n.id) ?? 0;
      if (!us) continue;
      const { functionName, url, lineNumber } = n.callFrame;
      if (functionName === '(idle)') {
        idleUs += us;
        continue;
      }
      busyUs += us;
      const name = functionName || '(anonymous)';
      const location = shortLocation(url, lineNumber);
      const key = `${name}@${location}`;
      const f = frames.get(key) ?? { name, location, us: 0 };
      f.us += us;
      frames.set(key, f);
      const owner = owners.get(n.id)!;
      groups.set(owner, (groups.get(owner) ?? 0) + us);
      const stage = stages.get(n.id) ?? '(unknown)';
      stageUs.set(stage, (stageUs.get(stage) ?? 0) + us);
    }
  }
  const pct = (us: number) => (busyUs ? (100 * us) / busyUs : 0);
  return {
    profiles: profiles.length,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    frames: [...frames.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, location: f.location, selfMs: f.us / 1000, pct: pct(f.us) })),
    groups: [...groups.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, pct: pct(us) })),
    stages: [...stageUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, pct: pct(us) })),
  };
}

/** Every *.cpuprofile in dir (one per process: the gateway and each worker). */
export function readProfiles(dir: string): CpuProfile[] {
  const out: CpuProfile[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.cpuprofile')) continue;
    try {
      out.push(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile);
    } catch {
      // A profile cut short by a killed process is skipped; the others still count.
    }
  }
  return out;
}
