import { sendTimed, type SendResult } from './client.js';
import { BENCH_FROM, BENCH_TO } from './messages.js';
import type { ConfigName } from './options.js';
import { runSmtpSource, type Sink } from './postfix.js';
import { cpuMeter, rssSampler, readMemory } from './proc.js';
import type { Server } from './server.js';

/** One path under test: its server and the processes whose CPU is charged to it. */
export interface Target {
  name: ConfigName;
  server: Server;
  /** clamd's pid when this path uses clamd (its CPU is reported beside the server's). */
  clamdPid?: number;
}

export interface ThroughputSample {
  config: ConfigName;
  round: number;
  size: number;
  concurrency: number;
  sent: number;
  ok: number;
  failed: number;
  seconds: number;
  msgPerSec: number;
  /** CPU-seconds of the server's process tree during the run. */
  cpuSec: number;
  /** CPU-seconds of clamd during the run (paths that use it). */
  clamdCpuSec?: number;
  /** Messages that reached smtp-sink (counted by the sink itself). */
  delivered: number;
  error?: string;
}

export async function throughputRun(
  t: Target,
  sink: Sink,
  run: { round: number; size: number; concurrency: number; messages: number; file: string; timeoutMs: number },
): Promise<ThroughputSample> {
  const before = sink.received();
  const server = cpuMeter([t.server.pid]);
  const clamd = t.clamdPid ? cpuMeter([t.clamdPid]) : undefined;
  const r = await runSmtpSource({
    sessions: run.concurrency,
    messages: run.messages,
    file: run.file,
    from: BENCH_FROM,
    to: BENCH_TO,
    port: t.server.port,
    timeoutMs: run.timeoutMs,
  });
  const cpuSec = server();
  const clamdCpuSec = clamd?.();
  // A proxy answers 250 only after the sink accepted; the sink's counter may lag by a few ms.
  const delivered = (await sink.waitReceived(before + r.completed, 5000)) - before;
  const problems = [r.fatal, ...r.warnings.slice(0, 3)].filter(Boolean);
  return {
    config: t.name,
    round: run.round,
    size: run.size,
    concurrency: run.concurrency,
    sent: run.messages,
    ok: r.completed,
    failed: r.failed,
    seconds: r.seconds,
    msgPerSec: r.completed / r.seconds,
    cpuSec,
    clamdCpuSec,
    delivered,
    error: problems.length ? `${r.warnings.length} refused; ${problems.join(' | ')}` : undefined,
  };
}

export interface LatencySamples {
  config: ConfigName;
  ms: number[];
  failed: number;
  lastError?: string;
}

/**
 * Sequential messages at concurrency 1, interleaved across paths (message i goes through every
 * path before message i + 1), so a burst of other load on the machine hits all paths alike.
 */
export async function latencyRun(
  targets: Array<{ target: Target; count: number }>,
  data: Buffer,
  deadline: number,
): Promise<LatencySamples[]> {
  const out = targets.map(({ target }) => ({ config: target.name, ms: [] as number[], failed: 0, lastError: undefined as string | undefined }));
  const most = Math.max(0, ...targets.map((t) => t.count));
  for (let i = 0; i < most && Date.now() < deadline; i++) {
    for (const [k, { target, count }] of targets.entries()) {
      if (i >= count) continue;
      const r: SendResult = await sendTimed({ port: target.server.port, from: BENCH_FROM, to: BENCH_TO, data, timeoutMs: 30_000 });
      if (r.ok) out[k]!.ms.push(r.ms);
      else {
        out[k]!.failed++;
        out[k]!.lastError = r.detail;
      }
    }
  }
  return out;
}

export interface RssResult {
  config: ConfigName;
  clients: number;
  messageBytes: number;
  /** RSS of the process tree just before the test, MiB. */
  idleMiB: number;
  peakRssMiB: number;
  peakHwmMiB: number;
  seconds: number;
  ok: number;
  failed: number;
  lastError?: string;
}

/** All clients send one large message at once while the server's RSS is sampled every 50 ms. */
export async function rssRun(t: Target, data: Buffer, messageBytes: number, clients: number, timeoutMs: number): Promise<RssResult> {
  const idleKb = readMemory(t.server.pid).vmRssKb ?? NaN;
  const sampler = rssSampler(t.server.pid, 50);
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: clients }, () => sendTimed({ port: t.server.port, from: BENCH_FROM, to: BENCH_TO, data, timeoutMs })),
  );
  const peak = sampler.stop();
  const failures = results.filter((r) => !r.ok);
  return {
    config: t.name,
    clients,
    messageBytes,
    idleMiB: idleKb / 1024,
    peakRssMiB: peak.peakRssMiB,
    peakHwmMiB: peak.peakHwmMiB,
    seconds: (Date.now() - started) / 1000,
    ok: results.length - failures.length,
    failed: failures.length,
    lastError: failures.at(-1)?.detail,
  };
}
