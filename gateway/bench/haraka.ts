import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/clamd.js';
import { waitForGreeting } from './client.js';
import { stopChild, tailCollector, track, type Server } from './server.js';

/**
 * The baseline: Haraka 3.3.4 from npm as a plain forwarder (rcpt_to.in_host_list +
 * queue/smtp_forward), optionally with its clamd plugin. Installed into a cache folder outside
 * the repository and reused between runs; nothing of Haraka is ever committed here.
 */

export const HARAKA_VERSION = '3.3.4';
export const HARAKA_CACHE = path.join(os.homedir(), '.cache', 'lachan-bench', 'haraka');

/** Installs Haraka into the cache when it is missing or another version; returns its bin script. */
export function ensureHaraka(log: (s: string) => void): string {
  const pkg = path.join(HARAKA_CACHE, 'node_modules', 'Haraka', 'package.json');
  const bin = path.join(HARAKA_CACHE, 'node_modules', 'Haraka', 'bin', 'haraka');
  const installed = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version : undefined;
  if (installed === HARAKA_VERSION && existsSync(bin)) return bin;
  log(`installing Haraka@${HARAKA_VERSION} into ${HARAKA_CACHE} (once; reused by later runs)`);
  mkdirSync(HARAKA_CACHE, { recursive: true });
  const own = path.join(HARAKA_CACHE, 'package.json');
  if (!existsSync(own)) writeFileSync(own, JSON.stringify({ name: 'lachan-bench-haraka', private: true }, null, 2) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', `Haraka@${HARAKA_VERSION}`], {
    cwd: HARAKA_CACHE,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`npm install Haraka@${HARAKA_VERSION} failed in ${HARAKA_CACHE} (status ${r.status})`);
  return bin;
}

/** Haraka's own plugin: answer lookup_rdns at once, so a connection makes no DNS query. */
const RDNS_PLUGIN = `// Written by the Lá Chắn bench: no DNS during the benchmark.
exports.hook_lookup_rdns = function (next) {
  next(OK, 'localhost');
};
`;

export interface HarakaOptions {
  bin: string;
  /** A fresh directory for this instance (created by haraka -i). */
  dir: string;
  localDomain: string;
  sinkPort: number;
  /** host:port of clamd: adds Haraka's clamd plugin. */
  clamd?: string;
}

/** Writes the instance's configuration (after `haraka -i`); exported for the unit test. */
export function harakaConfig(o: { port: number; localDomain: string; sinkPort: number; clamd?: string }): Record<string, string> {
  const files: Record<string, string> = {
    plugins: ['bench_rdns', 'rcpt_to.in_host_list', ...(o.clamd ? ['clamd'] : []), 'queue/smtp_forward', ''].join('\n'),
    host_list: `${o.localDomain}\n`,
    'smtp.ini': `[main]\nlisten=127.0.0.1:${o.port}\n`,
    // warn: like the gateway's LACHAN_LOG_LEVEL=warn; info would log every connection to stdout.
    'log.ini': '[main]\nlevel=warn\ntimestamps=false\nformat=default\n',
    'smtp_forward.ini': `host=127.0.0.1\nport=${o.sinkPort}\n`,
    me: 'haraka.bench.lachan.test\n',
  };
  if (o.clamd) files['clamd.ini'] = `clamd_socket=${o.clamd}\ntimeout=60\nconnect_timeout=10\nmax_size=67108864\n`;
  return files;
}

export async function startHaraka(o: HarakaOptions): Promise<Server> {
  const init = spawnSync(process.execPath, [o.bin, '-i', o.dir], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  if (init.status !== 0) throw new Error(`haraka -i ${o.dir} failed: ${init.stderr?.toString()}`);
  const port = await freePort();
  for (const [name, text] of Object.entries(harakaConfig({ port, localDomain: o.localDomain, sinkPort: o.sinkPort, clamd: o.clamd }))) {
    writeFileSync(path.join(o.dir, 'config', name), text);
  }
  writeFileSync(path.join(o.dir, 'plugins', 'bench_rdns.js'), RDNS_PLUGIN);
  const out = tailCollector();
  const child = track(spawn(process.execPath, [o.bin, '-c', o.dir], { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.dir }));
  child.stdout!.on('data', (d: Buffer) => out.add(d));
  child.stderr!.on('data', (d: Buffer) => out.add(d));
  try {
    await waitForGreeting(port, child, out.text, 60_000);
  } catch (e) {
    await stopChild(child);
    throw new Error(`Haraka${o.clamd ? ' + clamd' : ''}: ${(e as Error).message}`);
  }
  return {
    name: o.clamd ? 'haraka-clamd' : 'haraka',
    port,
    pid: child.pid!,
    stderr: out.text,
    stop: () => stopChild(child),
  };
}
