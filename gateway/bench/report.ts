import type { LatencySamples, RssResult, ThroughputSample } from './measure.js';
import { CONFIG_LABELS, CONFIGS, type ConfigName } from './options.js';
import type { ProfileSummary } from './profile.js';
import { median, medianRatio, percentile } from './stats.js';

/**
 * The bench's Markdown report: machine facts, the DESIGN.md targets with met / not met, then
 * throughput, CPU, latency, early-talker and memory tables. Pure: results in, text out.
 */

export interface MachineFacts {
  nproc: number;
  cpuModel: string;
  node: string;
  loadBefore: number[];
  loadAfter: number[];
}

export interface BenchResults {
  started: Date;
  seconds: number;
  mode: 'full' | 'quick';
  rounds: number;
  machine: MachineFacts;
  /** Which gateway build was measured (commit, build time). */
  gateway: string;
  /** Actual sizes on the wire of the messages used, by nominal size. */
  messageBytes: Record<number, number>;
  /** Paths that could not start, with why. */
  unavailable: Partial<Record<ConfigName, string>>;
  throughput: ThroughputSample[];
  latency: LatencySamples[];
  rss: RssResult[];
  profile?: ProfileSummary & { dir: string; messages: number; msgPerSec: number };
  notes: string[];
  /** Uncounted messages sent to a path right before each measured run (BenchOptions.rewarm). */
  rewarm?: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined: not measured. */
  met: boolean | undefined;
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

function samples(r: BenchResults, config: ConfigName, size: number, c: number): ThroughputSample[] {
  return r.throughput.filter((s) => s.config === config && s.size === size && s.concurrency === c).sort((a, b) => a.round - b.round);
}

/** Per-round values in round order; rounds where the path did not run are NaN (so ratios pair rounds). */
function perRound(r: BenchResults, config: ConfigName, size: number, c: number, pick: (s: ThroughputSample) => number): number[] {
  return Array.from({ length: r.rounds }, (_, i) => {
    const s = samples(r, config, size, c).find((x) => x.round === i);
    return s && s.ok > 0 ? pick(s) : NaN;
  });
}

const rate = (s: ThroughputSample) => s.msgPerSec;
const cpuPer1000 = (s: ThroughputSample) => (1000 * s.cpuSec) / s.ok;
const cpuPer1000All = (s: ThroughputSample) => (1000 * (s.cpuSec + (s.clamdCpuSec ?? 0))) / s.ok;

function latencyOf(r: BenchResults, config: ConfigName): LatencySamples | undefined {
  const l = r.latency.find((x) => x.config === config);
  return l && l.ms.length ? l : undefined;
}

/** Added latency = the path's percentile minus the sink's percentile (same client, same message). */
export function addedLatency(r: BenchResults, config: ConfigName, p: number): number {
  const l = latencyOf(r, config);
  const s = latencyOf(r, 'sink');
  return l && s ? percentile(l.ms, p) - percentile(s.ms, p) : NaN;
}

function sizes(r: BenchResults): number[] {
  return [...new Set(r.throughput.map((s) => s.size))].sort((a, b) => a - b);
}
function concurrencies(r: BenchResults): number[] {
  return [...new Set(r.throughput.map((s) => s.concurrency))].sort((a, b) => a - b);
}

export function checkTargets(r: BenchResults): TargetCheck[] {
  const small = sizes(r)[0] ?? 10240;
  const lcRate = perRound(r, 'lachan', small, 20, rate);
  const hRate = perRound(r, 'haraka', small, 20, rate);
  const speedup = medianRatio(lcRate, hRate);
  const lcCpu = median(perRound(r, 'lachan', small, 20, cpuPer1000All));
  const hCpu = median(perRound(r, 'haraka', small, 20, cpuPer1000));
  const p50 = addedLatency(r, 'lachan', 50);
  const p99 = addedLatency(r, 'lachan', 99);
  const rss = r.rss.find((x) => x.config === 'lachan');
  const rssMeasured = rss && rss.ok > 0;
  const known = (x: number) => (Number.isFinite(x) ? true : undefined);
  const w2Rate = perRound(r, 'lachan-w2', small, 20, rate);
  const w2Speedup = medianRatio(w2Rate, hRate);
  const twoWorkers: TargetCheck[] = samples(r, 'lachan-w2', small, 20).length
    ? [
        {
          target: `msg/s at c=20, ${kb(small)}: Lá Chắn with LACHAN_WORKERS=2 ≥ 1.5 × Haraka plain`,
          measured: `${fmt(w2Speedup, 2)} × (${fmt(median(w2Rate))} vs ${fmt(median(hRate))} msg/s)`,
          met: known(w2Speedup) && w2Speedup >= 1.5,
        },
      ]
    : [];
  return [
    {
      target: `msg/s at c=20, ${kb(small)}: Lá Chắn ≥ 1.5 × Haraka plain`,
      measured: `${fmt(speedup, 2)} × (${fmt(median(lcRate))} vs ${fmt(median(hRate))} msg/s)`,
      met: known(speedup) && speedup >= 1.5,
    },
    {
      target: `CPU-s per 1,000 msgs at c=20, ${kb(small)}: Lá Chắn (incl. clamd) ≤ Haraka plain`,
      measured: `${fmt(lcCpu, 2)} vs ${fmt(hCpu, 2)}`,
      met: known(lcCpu) && known(hCpu) && lcCpu <= hCpu,
    },
    { target: 'added latency at c=1, p50 ≤ 5 ms', measured: `${fmt(p50, 1)} ms`, met: known(p50) && p50 <= 5 },
    { target: 'added latency at c=1, p99 ≤ 15 ms', measured: `${fmt(p99, 1)} ms`, met: known(p99) && p99 <= 15 },
    {
      target: `peak RSS ≤ 200 MB with ${rss?.clients ?? 20} × ${rss ? fmt(rss.messageBytes / 1e6) : 25} MB at once`,
      // the target is in MB (10^6 bytes): 200 MB is 190.7 MiB
      measured: rss ? `${fmt(rss.peakRssMiB)} MiB = ${fmt((rss.peakRssMiB * 1048576) / 1e6)} MB (${rss.ok}/${rss.clients} accepted)` : 'not measured',
      met: rssMeasured ? rss.failed === 0 && rss.peakRssMiB * 1048576 <= 200e6 : undefined,
    },
    ...twoWorkers,
  ];
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function renderReport(r: BenchResults): string {
  const present = CONFIGS.filter((c) => r.throughput.some((s) => s.config === c));
  const out: string[] = [];
  const m = r.machine;
  out.push(`# Lá Chắn benchmark — ${r.started.toISOString().replace(/\.\d+Z$/, 'Z')}`);
  out.push('');
  out.push(
    `- **Machine:** ${m.nproc} × ${m.cpuModel}, Node ${m.node}; load average before ${m.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, ` +
      `after ${m.loadAfter.map((x) => x.toFixed(2)).join(' / ')}. Mode: ${r.mode}, ${r.rounds} interleaved rounds, ${fmt(r.seconds)} s. ` +
      `Load generator, servers, clamd and sink share the machine, all on 127.0.0.1.`,
  );
  out.push(`- **Gateway:** ${r.gateway}.`);
  out.push(`- **Messages:** ${Object.entries(r.messageBytes).map(([n, b]) => `${kb(Number(n))} nominal = ${b} bytes`).join('; ')} (Vietnamese text + HTML with links; from 100 KB up a PDF attachment).`);
  out.push(
    '- **Method:** every path first gets the same warm-up (4,000 messages of the smallest size at c=20 for each process running the mail path, as a server that has been running a while)' +
      (r.rewarm ? `, and right before each measured run ${r.rewarm.toLocaleString('en')} uncounted 10 KB messages per mail-path process at c=20 (a process idle for a few minutes runs ~40% slower for its next few thousand messages on this machine, and interleaved rounds leave each path idle while the others are measured)` : '') +
      ', then Postfix smtp-source (one message per connection, -F message file) into each path; every path relays to one ' +
      'Postfix smtp-sink, which counts what arrives. Haraka: one process (smtp.ini nodes unset, as in DESIGN.md), log level ' +
      'warn, plugins rcpt_to.in_host_list + queue/smtp_forward (+ clamd), a local lookup_rdns plugin (no DNS). Lá Chắn: ' +
      '`node --max-semi-space-size=8 gateway/dist/cli/main.js start` (as `npm start`), default policy, SQLite, LACHAN_LOG_LEVEL=warn. clamd runs on the test ' +
      'signature database (test-fixtures/clamav), so its scans are cheaper than with the full ClamAV database. ' +
      'CPU from /proc/<pid>/stat (utime + stime of the process tree).',
  );
  for (const [name, why] of Object.entries(r.unavailable)) out.push(`\n**${CONFIG_LABELS[name as ConfigName]} not measured:** ${why.split('\n')[0]}`);

  out.push('\n## Targets (DESIGN.md, "Performance")\n');
  out.push(table(['target', 'measured', 'met'], checkTargets(r).map((t) => [t.target, t.measured, t.met === undefined ? 'not measured' : t.met ? 'yes' : '**no**'])));

  out.push(`\n## Throughput, msg/s (median of ${r.rounds} rounds; ratios are medians of per-round ratios)\n`);
  const rows: string[][] = [];
  for (const size of sizes(r)) {
    for (const c of concurrencies(r)) {
      const cells = present.map((cfg) => fmt(median(perRound(r, cfg, size, c, rate))));
      const lc = perRound(r, 'lachan', size, c, rate);
      rows.push([
        kb(size),
        String(c),
        ...cells,
        fmt(medianRatio(lc, perRound(r, 'haraka', size, c, rate)), 2),
        fmt(medianRatio(lc, perRound(r, 'haraka-clamd', size, c, rate)), 2),
        fmt(medianRatio(lc, perRound(r, 'sink', size, c, rate)), 3),
      ]);
    }
  }
  out.push(table(['size', 'c', ...present.map((c) => CONFIG_LABELS[c]), 'Lá Chắn / Haraka', 'Lá Chắn / Haraka + clamd', 'Lá Chắn / sink'], rows));

  out.push('\n## CPU-seconds per 1,000 messages (server process tree; "with clamd" adds clamd\'s CPU in the same run)\n');
  const cpuCfgs = present.filter((c) => c !== 'sink');
  const cpuRows: string[][] = [];
  for (const size of sizes(r)) {
    for (const c of concurrencies(r)) {
      cpuRows.push([
        kb(size),
        String(c),
        ...cpuCfgs.map((cfg) => {
          const own = median(perRound(r, cfg, size, c, cpuPer1000));
          const all = median(perRound(r, cfg, size, c, cpuPer1000All));
          if (!Number.isFinite(own)) return '—';
          return cfg.includes('clamd') || cfg.startsWith('lachan') ? `${fmt(own, 2)} (${fmt(all, 2)} with clamd)` : fmt(own, 2);
        }),
      ]);
    }
  }
  out.push(table(['size', 'c', ...cpuCfgs.map((c) => CONFIG_LABELS[c])], cpuRows));

  if (r.latency.length) {
    out.push('\n## Latency at c=1 (our client: TCP_NODELAY, one write per DATA; connect → reply to "."; interleaved per message)\n');
    out.push(
      table(
        ['path', 'messages', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms', 'failed'],
        r.latency.map((l) => [
          CONFIG_LABELS[l.config],
          String(l.ms.length),
          fmt(percentile(l.ms, 50), 2),
          fmt(percentile(l.ms, 99), 2),
          l.config === 'sink' ? '—' : fmt(addedLatency(r, l.config, 50), 2),
          l.config === 'sink' ? '—' : fmt(addedLatency(r, l.config, 99), 2),
          l.failed ? `${l.failed} (${l.lastError ?? ''})` : '0',
        ]),
      ),
    );
  }

  const small = sizes(r)[0];
  if (small !== undefined && (latencyOf(r, 'lachan-et100') || samples(r, 'lachan-et100', small, 20).length)) {
    out.push(`\n## Early-talker pause (smtp-server's fixed wait before the 220 greeting)\n`);
    out.push(
      table(
        ['LACHAN_EARLY_TALKER_DELAY_MS', `msg/s at c=20, ${kb(small)}`, 'added p50 ms at c=1'],
        (['lachan', 'lachan-et100'] as const).map((cfg) => [
          cfg === 'lachan' ? '0 (default)' : '100',
          fmt(median(perRound(r, cfg, small, 20, rate))),
          fmt(addedLatency(r, cfg, 50), 1),
        ]),
      ),
    );
  }

  if (r.rss.length) {
    out.push('\n## Memory: large messages at once (each path freshly started; RSS summed over its process tree, sampled every 50 ms)\n');
    out.push(
      table(
        ['path', 'clients × size', 'RSS idle MiB', 'peak RSS MiB', 'VmHWM MiB', 'seconds', 'accepted'],
        r.rss.map((x) => [
          CONFIG_LABELS[x.config],
          `${x.clients} × ${fmt(x.messageBytes / 1e6, 1)} MB`,
          fmt(x.idleMiB),
          fmt(x.peakRssMiB),
          fmt(x.peakHwmMiB),
          fmt(x.seconds, 1),
          `${x.ok}/${x.clients}${x.lastError ? ` (${x.lastError})` : ''}`,
        ]),
      ),
    );
  }

  if (r.profile) {
    const p = r.profile;
    out.push(`\n## CPU profile of the gateway (node --cpu-prof, ${p.messages} messages at c=20, ${fmt(p.msgPerSec)} msg/s under the profiler)\n`);
    out.push(`${p.profiles} profile file(s) in ${p.dir}; busy ${fmt(p.busyMs)} ms, idle ${fmt(p.idleMs)} ms. Self time by owner:\n`);
    out.push(table(['owner', 'self ms', '% of busy'], p.groups.map((g) => [g.name, fmt(g.selfMs), fmt(g.pct, 1)])));
    out.push('\nBy gateway stage (the innermost gateway folder on the stack, with the libraries and Node code it called):\n');
    out.push(table(['stage', 'ms', '% of busy'], p.stages.map((g) => [g.name, fmt(g.ms), fmt(g.pct, 1)])));
    out.push('\nTop functions by self time:\n');
    out.push(table(['function', 'where', 'self ms', '% of busy'], p.frames.map((f) => [f.name, f.location, fmt(f.selfMs), fmt(f.pct, 1)])));
  }

  const problems = r.throughput.filter((s) => s.error || s.delivered < s.ok);
  if (problems.length || r.notes.length) {
    out.push('\n## Notes\n');
    for (const n of r.notes) out.push(`- ${n}`);
    for (const s of problems.slice(0, 20)) {
      out.push(`- ${CONFIG_LABELS[s.config]}, ${kb(s.size)}, c=${s.concurrency}, round ${s.round + 1}: ${s.ok}/${s.sent} accepted, ${s.delivered} reached the sink${s.error ? `; ${s.error}` : ''}`);
    }
  }
  out.push('');
  return out.join('\n');
}
