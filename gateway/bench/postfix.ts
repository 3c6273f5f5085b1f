import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../test/support/clamd.js';
import { waitForGreeting } from './client.js';
import { stopChild, track, type Server } from './server.js';

/**
 * Postfix's test tools: smtp-sink (the downstream that throws mail away as fast as it can) and
 * smtp-source (the load generator). Debian installs both with the postfix package; the bench
 * installs it when missing (as root) and never starts the postfix service itself.
 */

export const SMTP_SINK = '/usr/sbin/smtp-sink';
export const SMTP_SOURCE = '/usr/sbin/smtp-source';

export function ensurePostfixTools(log: (s: string) => void): void {
  if (existsSync(SMTP_SINK) && existsSync(SMTP_SOURCE)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${SMTP_SINK} / ${SMTP_SOURCE} missing and not root: apt-get install -y postfix`);
  }
  log('installing postfix (for smtp-sink and smtp-source; the postfix service is not used)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postfix']]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (status ${r.status})`);
  }
  if (!existsSync(SMTP_SINK) || !existsSync(SMTP_SOURCE)) throw new Error('postfix installed but smtp-sink/smtp-source not found');
}

export interface SinkCounters {
  sess: number;
  quit: number;
  mesg: number;
}

/**
 * smtp-sink -c prints "sess=N quit=N mesg=N" records separated by \r (sometimes \n) each time a
 * session ends, QUIT is executed or "." is received. The last complete record is the current count.
 */
export function parseSinkCounters(text: string): SinkCounters | undefined {
  const records = text.split(/[\r\n]+/);
  for (let i = records.length - 1; i >= 0; i--) {
    const m = /sess=(\d+)\s+quit=(\d+)\s+mesg=(\d+)/.exec(records[i]!);
    if (m) return { sess: Number(m[1]), quit: Number(m[2]), mesg: Number(m[3]) };
  }
  return undefined;
}

export interface SourceOutcome {
  /** Messages whose DATA completed with 250 (the -c counter; 0 if none printed). */
  completed: number;
  /** One line per refused command ("warning: ..." with -A). */
  warnings: string[];
  /** The fatal error that stopped smtp-source, if any. */
  fatal?: string;
}

/**
 * smtp-source -c writes a running counter of completed DATA commands to stdout ("1\r2\r3\r\n");
 * problems go to stderr as "smtp-source: warning: ..." (with -A, then it goes on) or
 * "smtp-source: fatal: ..." (then it stops).
 */
export function parseSourceOutput(stdout: string, stderr: string): SourceOutcome {
  let completed = 0;
  for (const tok of stdout.split(/[\r\n]+/)) {
    if (/^\d+$/.test(tok.trim())) completed = Math.max(completed, Number(tok.trim()));
  }
  const warnings: string[] = [];
  let fatal: string | undefined;
  for (const line of stderr.split('\n')) {
    const m = /:\s*(warning|fatal):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'fatal') fatal ??= m[2]!.trim();
    else warnings.push(m[2]!.trim());
  }
  return { completed, warnings, fatal };
}

export interface Sink extends Server {
  /** Messages received so far ("." answered). */
  received(): number;
  /** Waits until at least n messages were received; returns the count (maybe fewer, at timeout). */
  waitReceived(n: number, timeoutMs: number): Promise<number>;
}

export async function startSmtpSink(): Promise<Sink> {
  const port = await freePort();
  const args = ['-c', '-m', '512'];
  if (process.getuid?.() === 0) args.push('-u', 'nobody');
  args.push(`127.0.0.1:${port}`, '1024');
  const child = track(spawn(SMTP_SINK, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  let err = '';
  let counters: SinkCounters = { sess: 0, quit: 0, mesg: 0 };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('latin1');
    const lastCut = Math.max(out.lastIndexOf('\r'), out.lastIndexOf('\n'));
    if (lastCut >= 0) {
      counters = parseSinkCounters(out.slice(0, lastCut)) ?? counters;
      out = out.slice(lastCut + 1);
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    if (err.length < 16_384) err += d.toString();
  });
  await waitForGreeting(port, child, () => err, 10_000);
  return {
    name: 'smtp-sink',
    port,
    pid: child.pid!,
    stderr: () => err,
    received: () => counters.mesg,
    async waitReceived(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (counters.mesg < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return counters.mesg;
    },
    stop: () => stopChild(child),
  };
}

export interface SourceRun {
  sessions: number;
  messages: number;
  /** Message file (header + body, LF line ends; smtp-source adds CRLF and dot-stuffing). */
  file: string;
  from: string;
  to: string;
  port: number;
  timeoutMs: number;
}

export interface SourceResult extends SourceOutcome {
  seconds: number;
  /** Messages not completed (refused, or never sent because smtp-source stopped). */
  failed: number;
  timedOut: boolean;
}

/** Runs smtp-source once and times it from spawn to exit. -A: a refusal is counted, not fatal. */
export function runSmtpSource(run: SourceRun): Promise<SourceResult> {
  const args = ['-A', '-c', '-s', String(run.sessions), '-m', String(run.messages), '-F', run.file];
  args.push('-f', run.from, '-t', run.to, '-M', 'bench.lachan.test', `127.0.0.1:${run.port}`);
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child: ChildProcess = track(spawn(SMTP_SOURCE, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.length > 65_536) out = out.slice(-1024);
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (err.length < 65_536) err += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, run.timeoutMs);
    const finish = (spawnError?: Error) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const parsed = parseSourceOutput(out, err);
      const fatal = spawnError ? `spawn: ${spawnError.message}` : timedOut ? `timed out after ${run.timeoutMs} ms` : parsed.fatal;
      resolve({ ...parsed, fatal, seconds, failed: run.messages - parsed.completed, timedOut });
    };
    child.once('error', (e) => finish(e));
    child.once('close', () => finish());
  });
}
