/**
 * `npm run bench`: Lá Chắn against Postfix's smtp-sink (the limit) and Haraka 3.3.4 (the
 * baseline), as DESIGN.md "Performance: what we measure against" describes. Everything runs on
 * 127.0.0.1 and is started (and installed when missing) by the bench itself; every loop is bounded
 * in count and time, and every process the bench started is stopped at the end, also on Ctrl-C.
 * The report goes to stdout and to gateway/bench/last-results.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestClamd, type RunningClamd } from '../test/support/clamd.js';
import { sendTimed, toSmtpData } from './client.js';
import { ensureHaraka, startHaraka } from './haraka.js';
import { gatewayMain, startLachan } from './lachan.js';
import { latencyRun, rssRun, throughputRun, type Target, type ThroughputSample } from './measure.js';
import { BENCH_FROM, BENCH_TO, benchMessage, largeMessage, toLfFile } from './messages.js';
import { benchArgv, CONFIG_LABELS, latencyCount, messagesPerRun, parseOptions, USAGE, type BenchOptions, type ConfigName } from './options.js';
import { ensurePostfixTools, runSmtpSource, startSmtpSink, type Sink } from './postfix.js';
import { findPidByCmdline } from './proc.js';
import { readProfiles, summariseProfiles } from './profile.js';
import { renderReport, type BenchResults } from './report.js';
import { killTracked, type Server } from './server.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '../..');
const LOCAL_DOMAIN = 'lachan.test';

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

interface Context {
  opts: BenchOptions;
  tmp: string;
  /** gateway/dist's build time when the run started (a rebuild mid-run is noted). */
  distBuilt: string;
  /** Where node --cpu-prof writes (kept after the run: the report points to it). */
  profDir: string;
  sink: Sink;
  clamd?: RunningClamd;
  clamdPid?: number;
  harakaBin?: string;
  /** message file (LF, for smtp-source) and DATA payload (for our client) per nominal size */
  messages: Map<number, { file: string; data: Buffer; bytes: number }>;
  results: BenchResults;
}

async function startPath(ctx: Context, name: ConfigName, tag: string = name): Promise<Server> {
  const dir = path.join(ctx.tmp, `${tag}-${Date.now()}`);
  switch (name) {
    case 'sink':
      return ctx.sink;
    case 'haraka':
    case 'haraka-clamd':
      return startHaraka({
        bin: ctx.harakaBin!,
        dir,
        localDomain: LOCAL_DOMAIN,
        sinkPort: ctx.sink.port,
        clamd: name === 'haraka-clamd' ? ctx.clamd!.url.replace(/^tcp:\/\//, '') : undefined,
      });
    case 'lachan':
    case 'lachan-w2':
    case 'lachan-et100': {
      const built = distBuildTime();
      if (built !== ctx.distBuilt) {
        ctx.results.notes.push(`gateway/dist was rebuilt during the run (${ctx.distBuilt} → ${built}): "${tag}" ran on the newer build`);
      }
      return startLachan({
        repo: REPO,
        name,
        dataDir: dir,
        sinkPort: ctx.sink.port,
        clamdUrl: ctx.clamd!.url,
        localDomain: LOCAL_DOMAIN,
        earlyTalkerDelayMs: name === 'lachan-et100' ? 100 : 0,
        env: name === 'lachan-w2' ? { LACHAN_WORKERS: '2' } : ctx.opts.workers ? { LACHAN_WORKERS: String(ctx.opts.workers) } : undefined,
        cpuProfDir: tag === 'profile' ? ctx.profDir : undefined,
      });
    }
  }
}

function distBuildTime(): string {
  try {
    return statSync(gatewayMain(REPO)).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
  } catch {
    return 'not built';
  }
}

function targetOf(ctx: Context, name: ConfigName, server: Server): Target {
  const usesClamd = name === 'haraka-clamd' || name.startsWith('lachan');
  return { name, server, clamdPid: usesClamd ? ctx.clamdPid : undefined };
}

/** One message through the path with our client, checked at the sink; then a short warm-up load. */
/** Messages of the smallest size sent to each path before it is measured. */
const WARMUP_MESSAGES = 4000;

/** How many processes run the mail path of this configuration (gateway workers; 1 for the others). */
function mailPathProcesses(ctx: Context, name: ConfigName): number {
  if (name === 'lachan-w2') return 2;
  if (name.startsWith('lachan') && ctx.opts.workers) return Math.max(1, ctx.opts.workers);
  return 1;
}

async function verifyAndWarm(ctx: Context, t: Target): Promise<void> {
  const [size, msg] = [...ctx.messages.entries()][0]!;
  const before = ctx.sink.received();
  const r = await sendTimed({ port: t.server.port, from: BENCH_FROM, to: BENCH_TO, data: msg.data, timeoutMs: 30_000 });
  const arrived = (await ctx.sink.waitReceived(before + 1, 5000)) - before;
  if (!r.ok) ctx.results.notes.push(`${CONFIG_LABELS[t.name]}: the ${Math.round(size / 1024)} KB bench message was refused: ${r.detail}`);
  else if (arrived < 1) ctx.results.notes.push(`${CONFIG_LABELS[t.name]}: the bench message was accepted but did not reach the sink (${r.detail})`);
  // Every path is measured warm, as a server that has been running a while: the gateway's
  // per-message functions run once per message, so V8 needs a few thousand messages to optimise
  // them (CPU per 10 KB message falls from ~4.5 to ~2.5 ms over the first 3,000–5,000). Every
  // process that runs the mail path gets the same warm-up: with two gateway workers each takes about
  // half of the connections, so that path is sent twice as many.
  const processes = mailPathProcesses(ctx, t.name);
  for (const [sz, m] of ctx.messages) {
    const count = processes * (sz === size ? (ctx.opts.quick ? 300 : WARMUP_MESSAGES) : ctx.opts.quick ? 40 : 200);
    await runSmtpSource({ sessions: 20, messages: count, file: m.file, from: BENCH_FROM, to: BENCH_TO, port: t.server.port, timeoutMs: 120_000 });
  }
}

/** Which gateway was measured: commit, uncommitted changes, build time of dist (read-only git). */
function describeGatewayBuild(): string {
  const git = (args: string[]) => {
    const r = spawnSync('git', ['-C', REPO, ...args], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const head = git(['rev-parse', '--short', 'HEAD']) ?? 'unknown commit';
  const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'gateway/src', 'policies']);
  return `commit ${head}${dirty ? ' with uncommitted changes in gateway/src or policies' : ''}, dist built ${distBuildTime()}`;
}

function rotate<T>(xs: T[], by: number): T[] {
  const k = xs.length ? by % xs.length : 0;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

async function throughputRounds(ctx: Context, targets: Target[], deadline: number): Promise<void> {
  const { opts } = ctx;
  const smallest = Math.min(...opts.sizes);
  for (let round = 0; round < opts.rounds; round++) {
    for (const size of opts.sizes) {
      for (const c of opts.concurrency) {
        for (const t of rotate(targets, round)) {
          // The 100 ms early-talker variant only matters at one point: 10 KB, c=20 (and in latency).
          if (t.name === 'lachan-et100' && (size !== smallest || c !== 20)) continue;
          // Two worker processes: where throughput is CPU-bound (10 KB, c ≥ 20).
          if (t.name === 'lachan-w2' && (size !== smallest || c < 20)) continue;
          if (Date.now() > deadline) {
            ctx.results.notes.push(`time budget reached: throughput stopped in round ${round + 1} (raise --budget for all rounds)`);
            return;
          }
          const msg = ctx.messages.get(size)!;
          if (opts.rewarm > 0 && t.name !== 'sink') {
            // uncounted: the path back to the state of a server in use (see BenchOptions.rewarm)
            const warm = ctx.messages.get(smallest)!;
            await runSmtpSource({ sessions: 20, messages: opts.rewarm * mailPathProcesses(ctx, t.name), file: warm.file, from: BENCH_FROM, to: BENCH_TO, port: t.server.port, timeoutMs: 120_000 });
          }
          const s: ThroughputSample = await throughputRun(t, ctx.sink, {
            round,
            size,
            concurrency: c,
            messages: messagesPerRun(t.name, c, opts.quick),
            file: msg.file,
            timeoutMs: 120_000,
          });
          ctx.results.throughput.push(s);
          log(
            `round ${round + 1}/${opts.rounds} ${Math.round(size / 1024)} KB c=${c} ${t.name}: ${s.msgPerSec.toFixed(0)} msg/s, ` +
              `${((1000 * s.cpuSec) / Math.max(1, s.ok)).toFixed(2)} CPU-s/1000${s.error ? `; ${s.error}` : ''}`,
          );
        }
      }
    }
  }
}

async function profilePass(ctx: Context): Promise<void> {
  const server = await startPath(ctx, 'lachan', 'profile');
  const t = targetOf(ctx, 'lachan', server);
  const msg = ctx.messages.get(Math.min(...ctx.opts.sizes))!;
  const dir = ctx.profDir;
  mkdirSync(dir, { recursive: true });
  try {
    await verifyAndWarm(ctx, t);
    const messages = ctx.opts.quick ? 400 : 1500;
    const s = await throughputRun(t, ctx.sink, { round: 0, size: msg.bytes, concurrency: 20, messages, file: msg.file, timeoutMs: 180_000 });
    await server.stop();
    const summary = summariseProfiles(readProfiles(dir));
    ctx.results.profile = { ...summary, dir, messages: s.ok, msgPerSec: s.msgPerSec };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  let opts: BenchOptions | 'help';
  try {
    opts = parseOptions(benchArgv(process.argv.slice(2), process.env));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const started = Date.now();
  const hardStop = setTimeout(() => {
    log(`hard time limit (${opts.budgetSeconds + 300} s) reached: stopping everything`);
    killTracked();
    process.exit(3);
  }, (opts.budgetSeconds + 300) * 1000);
  hardStop.unref();

  const cpus = os.cpus();
  const gateway = describeGatewayBuild();
  const results: BenchResults = {
    started: new Date(started),
    seconds: 0,
    mode: opts.quick ? 'quick' : 'full',
    rounds: opts.rounds,
    machine: { nproc: os.availableParallelism(), cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, loadBefore: os.loadavg(), loadAfter: [] },
    gateway,
    messageBytes: {},
    unavailable: {},
    throughput: [],
    latency: [],
    rss: [],
    notes: [],
    rewarm: opts.rewarm,
  };

  ensurePostfixTools(log);
  const wantsHaraka = opts.configs.some((c) => c.startsWith('haraka')) || opts.rssHaraka;
  const harakaBin = wantsHaraka ? ensureHaraka(log) : undefined;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-'));

  const messages = new Map<number, { file: string; data: Buffer; bytes: number }>();
  for (const size of opts.sizes) {
    const raw = benchMessage(size);
    const file = path.join(tmp, `message-${size}.eml`);
    writeFileSync(file, toLfFile(raw));
    messages.set(size, { file, data: toSmtpData(raw), bytes: raw.length });
    results.messageBytes[size] = raw.length;
  }

  const sink = await startSmtpSink();
  const ctx: Context = { opts, tmp, distBuilt: distBuildTime(), profDir: `${tmp}-cpuprof`, sink, harakaBin, messages, results };
  const running: Server[] = [];
  const cleanup = async () => {
    for (const s of running.splice(0)) await s.stop().catch(() => undefined);
    await sink.stop().catch(() => undefined);
    await ctx.clamd?.stop().catch(() => undefined);
  };
  const onSignal = () => {
    log('interrupted: stopping what the bench started');
    killTracked();
    if (ctx.clamdPid) process.kill(ctx.clamdPid, 'SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let gatewayFailed = false;
  try {
    if (opts.configs.some((c) => c === 'haraka-clamd' || c.startsWith('lachan'))) {
      log('starting clamd (test signature database)');
      try {
        ctx.clamd = await startTestClamd();
        ctx.clamdPid = findPidByCmdline(path.join(path.dirname(ctx.clamd.logFile), 'clamd.conf'));
      } catch (e) {
        log(`clamd could not start: ${(e as Error).message}`);
        for (const name of ['haraka-clamd', 'lachan', 'lachan-w2', 'lachan-et100'] as const) results.unavailable[name] = `clamd could not start: ${(e as Error).message}`;
        gatewayFailed = true;
      }
    }
    const targets: Target[] = [];
    for (const name of opts.configs) {
      if (results.unavailable[name]) continue;
      try {
        const server = await startPath(ctx, name);
        if (name !== 'sink') running.push(server);
        const t = targetOf(ctx, name, server);
        await verifyAndWarm(ctx, t);
        targets.push(t);
        log(`${CONFIG_LABELS[name]} ready on 127.0.0.1:${server.port} (pid ${server.pid})`);
      } catch (e) {
        const why = (e as Error).message;
        results.unavailable[name] = why;
        if (name.startsWith('lachan')) gatewayFailed = true;
        log(`${CONFIG_LABELS[name]} could not start:\n${why}`);
      }
    }

    const budget = opts.budgetSeconds * 1000;
    // Each phase on its own: a failure is noted in the report and the next phase still runs.
    const phase = async (what: string, run: () => Promise<void>) => {
      try {
        await run();
      } catch (e) {
        const why = (e as Error).message;
        results.notes.push(`${what} failed: ${why.split('\n').slice(0, 6).join(' / ')}`);
        log(`${what} failed:\n${why}`);
        if (why.includes('Lá Chắn')) gatewayFailed = true;
      }
    };
    await phase('throughput', () => throughputRounds(ctx, targets, started + budget * 0.65));

    if (opts.latencyMessages > 0) {
      await phase('latency', async () => {
        const small = messages.get(Math.min(...opts.sizes))!;
        log(`latency at c=1: up to ${opts.latencyMessages} messages per path, interleaved`);
        results.latency = await latencyRun(
          targets.map((target) => ({ target, count: latencyCount(target.name, opts.latencyMessages) })),
          small.data,
          started + budget * 0.85,
        );
      });
    }
    for (const s of running.splice(0)) await s.stop();

    if (opts.rss) {
      const big = largeMessage(opts.rssBytes);
      const data = toSmtpData(big);
      const rssPaths: ConfigName[] = [];
      if (opts.configs.includes('lachan') && !results.unavailable.lachan) rssPaths.push('lachan');
      if (opts.rssHaraka) rssPaths.push('haraka');
      for (const name of rssPaths) {
        await phase(`memory test through ${CONFIG_LABELS[name]}`, async () => {
          log(`memory: ${opts.rssClients} × ${(big.length / 1e6).toFixed(1)} MB at once through ${CONFIG_LABELS[name]}`);
          const server = await startPath(ctx, name, `${name}-rss`);
          running.push(server);
          results.rss.push(await rssRun(targetOf(ctx, name, server), data, big.length, opts.rssClients, 300_000));
          await server.stop();
          running.splice(running.indexOf(server), 1);
        });
      }
    }

    if (opts.profile && opts.configs.includes('lachan') && !results.unavailable.lachan) {
      log('CPU profile of the gateway under load (node --cpu-prof)');
      await phase('CPU profile', () => profilePass(ctx));
    }
  } finally {
    await cleanup();
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
    clearTimeout(hardStop);
  }

  results.machine.loadAfter = os.loadavg();
  results.seconds = (Date.now() - started) / 1000;
  const report = renderReport(results);
  const out = opts.out ? path.resolve(opts.out) : path.join(BENCH_DIR, 'last-results.md');
  writeFileSync(out, report);
  process.stdout.write(report);
  log(`report written to ${out}`);
  return gatewayFailed ? 1 : 0;
}

process.on('exit', killTracked);
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
    killTracked();
    process.exit(1);
  },
);
